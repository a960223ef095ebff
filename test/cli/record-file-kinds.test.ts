import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalWarehouse } from '../../src/config/warehouse-uri.js';
import { lockFileFor } from '../../src/lifecycle/warehouse-lock.js';
import { MARKER_NAME } from '../../src/lifecycle/warehouse-marker.js';
import { NDJSON_TAIL_BYTES, RECORD_MAX_BYTES, RUN_RECORD_MAX_BYTES } from '../../src/runner/folder/bounded-file.js';
import { createRunFolder, writeRunRecord } from '../../src/runner/folder/run-folder.js';
import type { RunRecord } from '../../src/runner/run/run-types.js';
import { runCli, type CliResult } from '../fixtures/cli-process.js';
import { FAKE_SPARK_SUBMIT, testParams } from '../fixtures/params.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

// Every record file the console reads, replaced by a FIFO (a plain open waits for a writer for ever) or by a
// file larger than any record of its kind: the console answers, names what it cannot read, and goes on.

const tempDir = useTempDirs();

type Kind = 'fifo' | 'huge';

function plant(file: string, kind: Kind, hugeBytes = RECORD_MAX_BYTES): void {
  fs.rmSync(file, { force: true });
  if (kind === 'fifo') {
    execFileSync('mkfifo', [file]);
  } else {
    fs.writeFileSync(file, '');
    fs.truncateSync(file, hugeBytes + 1); // sparse: no disk used
  }
}

function record(id: string, status: RunRecord['status']): RunRecord {
  return {
    id,
    params: testParams(),
    status,
    startedAt: '2026-11-20T01:00:00.000Z',
    finishedAt: status === 'running' ? null : '2026-11-20T02:00:00.000Z',
    stages: [{ name: 'bronze', status: status === 'running' ? 'running' : 'succeeded', command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null }],
  };
}

/** Answered: exited by itself (not killed by the timeout), with no stack trace. */
function expectAnswered(result: CliResult, code: number): void {
  expect(result.signal, `killed: it hung\n${result.stderr}`).toBeNull();
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).not.toMatch(/\n\s+at |TypeError|RangeError/);
}

const CLI_TIMEOUT_MS = 60_000;

describe('record files that are FIFOs or too large', () => {
  it('history, show, attach and logs answer, naming a run.json they cannot read; host.json, resumed-by.json, attempts, notifications and the machine locks of a running run are passed over', { timeout: 120_000 }, async () => {
    const runsDir = tempDir();
    const lockDir = tempDir();
    const runs: Record<string, string> = {};
    for (const kind of ['fifo', 'huge'] as const) {
      const badRecord = `20261120-01000${kind === 'fifo' ? 1 : 2}-rec${kind[0]}`;
      runs[`record-${kind}`] = badRecord;
      const dir = createRunFolder(runsDir, badRecord).dir;
      plant(path.join(dir, 'run.json'), kind, RUN_RECORD_MAX_BYTES);

      const running = `20261121-01000${kind === 'fifo' ? 1 : 2}-run${kind[0]}`;
      runs[`running-${kind}`] = running;
      const runDir = createRunFolder(runsDir, running).dir;
      writeRunRecord(runDir, record(running, 'running'));
      for (const name of ['host.json', 'resumed-by.json']) plant(path.join(runDir, name), kind);
      for (const name of ['attempts.ndjson', 'notifications.ndjson', 'events.ndjson']) plant(path.join(runDir, name), kind, NDJSON_TAIL_BYTES);
      fs.writeFileSync(path.join(runDir, 'logs', 'bronze.log'), 'a line of bronze\n');
      // The machine locks are read to judge a running run whose host.json proves nothing.
      plant(path.join(lockDir, `warehouse-${kind === 'fifo' ? 'f1f0' : 'b16'}.lock`), kind);
    }
    const env = { BACKFILL_LOCK_DIR: lockDir };
    const [history, showRunning, showBadRecord, logsBadRecord, showHugeRunning, attachRunning] = await Promise.all([
      runCli(['history', '--runs-dir', runsDir], { env, timeoutMs: CLI_TIMEOUT_MS }),
      runCli(['show', runs['running-fifo']!, '--runs-dir', runsDir], { env, timeoutMs: CLI_TIMEOUT_MS }),
      runCli(['show', runs['record-fifo']!, '--runs-dir', runsDir], { env, timeoutMs: CLI_TIMEOUT_MS }),
      runCli(['logs', runs['running-fifo']!, '--runs-dir', runsDir], { env, timeoutMs: CLI_TIMEOUT_MS }),
      runCli(['show', runs['running-huge']!, '--runs-dir', runsDir], { env, timeoutMs: CLI_TIMEOUT_MS }),
      runCli(['attach', runs['running-fifo']!, '--runs-dir', runsDir], { env, timeoutMs: CLI_TIMEOUT_MS }),
    ]);

    expectAnswered(history, 0);
    expect(history.stdout).toMatch(new RegExp(`${runs['running-fifo']}.*unknown`));
    expect(history.stdout).toMatch(new RegExp(`${runs['running-huge']}.*unknown`));
    expect(history.stderr).toContain(`skipped run ${runs['record-fifo']}: ${path.join(runsDir, runs['record-fifo']!, 'run.json')} is a FIFO (named pipe), not a file backfill writes; move it aside`);
    expect(history.stderr).toContain(`skipped run ${runs['record-huge']}: ${path.join(runsDir, runs['record-huge']!, 'run.json')} is ${RUN_RECORD_MAX_BYTES + 1} bytes, more than a record of its kind can be`);

    expectAnswered(showRunning, 0);
    expect(showRunning.stdout).toContain(runs['running-fifo']);
    for (const name of ['notifications.ndjson', 'attempts.ndjson']) {
      expect(showRunning.stdout).toContain(`  ${path.join(runsDir, runs['running-fifo']!, name)} is a FIFO (named pipe), not a file backfill writes; move it aside`);
    }
    expectAnswered(showHugeRunning, 0);
    expect(showHugeRunning.stdout).toContain(runs['running-huge']);
    expect(showHugeRunning.stdout).toContain(`  ${path.join(runsDir, runs['running-huge']!, 'notifications.ndjson')} is ${NDJSON_TAIL_BYTES + 1} bytes: only its last 262144 were read`);

    expectAnswered(showBadRecord, 2);
    expect(showBadRecord.stderr).toContain('run.json is a FIFO (named pipe)');

    expectAnswered(attachRunning, 1);
    expect(attachRunning.stderr).toContain(
      `Cannot tell whether run ${runs['running-fifo']} is still running: host.json cannot prove it alive or gone: ${path.join(runsDir, runs['running-fifo']!, 'host.json')} is a FIFO (named pipe)`,
    );

    expectAnswered(logsBadRecord, 0);
    expect(logsBadRecord.stdout).toContain('a line of bronze');
  });

  it('a run refuses a machine lock or a warehouse marker it cannot read, in words and exit 2, and starts nothing', { timeout: 120_000 }, async () => {
    const cases = [
      { where: 'marker', plantAs: 'fifo', forceUnlock: false },
      { where: 'machine lock', plantAs: 'fifo', forceUnlock: false },
      { where: 'machine lock', plantAs: 'folder', forceUnlock: true },
    ] as const;
    const results = await Promise.all(
      cases.map(async ({ where, plantAs, forceUnlock }) => {
        const root = tempDir();
        const warehouse = path.join(root, 'warehouse');
        const lockDir = path.join(root, 'locks');
        const runsDir = path.join(root, 'runs');
        fs.mkdirSync(warehouse);
        fs.mkdirSync(lockDir);
        const file = where === 'marker' ? path.join(fs.realpathSync(warehouse), MARKER_NAME) : lockFileFor(canonicalWarehouse({ warehouse, projectRoot: root }), lockDir);
        if (plantAs === 'folder') fs.mkdirSync(file);
        else plant(file, 'fifo');
        const args = ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--warehouse', warehouse, '--spark-submit', FAKE_SPARK_SUBMIT, '--runs-dir', runsDir, '--headless'];
        const result = await runCli(forceUnlock ? [...args, '--force-unlock'] : args, { env: { BACKFILL_LOCK_DIR: lockDir }, timeoutMs: CLI_TIMEOUT_MS });
        return { where, plantAs, file, lockDir, runsDir, result };
      }),
    );
    for (const { where, plantAs, file, lockDir, runsDir, result } of results) {
      expectAnswered(result, 2);
      // Not a file, in the machine lock's place or the marker's: never removed, not even with --force-unlock; the
      // refusal names it and how to move it aside.
      expect(result.stderr).toContain(`${file}, is ${plantAs === 'fifo' ? 'a FIFO (named pipe)' : 'a folder'}, not a lock file backfill writes`);
      expect(result.stderr).toContain(`move it aside and start again: mv ${file} ${file}.aside`);
      if (where === 'marker') expect(fs.lstatSync(file).isFIFO()).toBe(true);
      else expect(fs.readdirSync(lockDir)).toEqual([path.basename(file)]);
      expect(fs.existsSync(runsDir)).toBe(false);
    }
  });

  it('a run with an HDFS warehouse names a Hadoop site file that is a FIFO, in words and exit 2, instead of waiting on it', { timeout: 120_000 }, async () => {
    const root = tempDir();
    const conf = path.join(root, 'hadoop-conf');
    const runsDir = path.join(root, 'runs');
    fs.mkdirSync(conf);
    plant(path.join(conf, 'hdfs-site.xml'), 'fifo');
    const args = ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--warehouse', 'hdfs://127.0.0.1:1/wh', '--spark-submit', FAKE_SPARK_SUBMIT, '--runs-dir', runsDir, '--headless'];
    // No hdfs command and no BACKFILL_WEBHDFS_URL: the warehouse lock would take WebHDFS's address from hdfs-site.xml.
    const env = { HADOOP_CONF_DIR: conf, BACKFILL_WEBHDFS_URL: undefined, PATH: path.dirname(process.execPath), BACKFILL_LOCK_DIR: path.join(root, 'locks') };
    const result = await runCli(args, { env, timeoutMs: 30_000 });
    expectAnswered(result, 2);
    expect(result.stderr).toContain(`backfill: --warehouse hdfs://127.0.0.1:1/wh: HADOOP_CONF_DIR=${conf}: its hdfs-site.xml is a FIFO (named pipe), not a file;`);
    expect(fs.existsSync(runsDir)).toBe(false);
  });
});
