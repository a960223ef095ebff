import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { judgeRun } from '../../src/lifecycle/host-info.js';
import { createRunner } from '../../src/lifecycle/create-runner.js';
import { RECORD_MAX_BYTES } from '../../src/runner/folder/bounded-file.js';
import { createRunFolder, readRunRecord } from '../../src/runner/folder/run-folder.js';
import type { RunRecord } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeSetup } from '../integration/harness.js';

const tempDir = useTempDirs();

/** A run whose record says running, with `plant` putting something in host.json's place; nothing else proves it alive. */
async function judged(plant: (file: string) => void) {
  const runsDir = tempDir();
  const id = `20261206-050636-${Math.random().toString(36).slice(2, 6)}`;
  const { dir } = createRunFolder(runsDir, id);
  const record: RunRecord = { id, params: testParams({ runsDir }), status: 'running', startedAt: '2026-12-06T05:06:36.000Z', finishedAt: null, stages: [] };
  const file = path.join(dir, 'host.json');
  plant(file);
  const env = { BACKFILL_LOCK_DIR: tempDir(), XDG_RUNTIME_DIR: tempDir() };
  return { file, judgement: await judgeRun(dir, record, env) };
}

describe('a host.json that cannot prove a run alive or gone', () => {
  it('is named, with its path and why it cannot be used', async () => {
    const cases: Array<[(file: string) => void, (file: string) => string]> = [
      [() => {}, (file) => `${file} cannot be read (no such file)`],
      [(file) => execFileSync('mkfifo', [file]), (file) => `${file} is a FIFO (named pipe), not a file backfill writes; move it aside`],
      [(file) => fs.mkdirSync(file), (file) => `${file} is a folder, not a file backfill writes; move it aside`],
      [
        (file) => {
          fs.writeFileSync(file, '');
          fs.truncateSync(file, RECORD_MAX_BYTES + 1);
        },
        (file) => `${file} is ${RECORD_MAX_BYTES + 1} bytes, more than a record of its kind can be (${RECORD_MAX_BYTES} bytes); move it aside`,
      ],
      [(file) => fs.writeFileSync(file, '{"pid": 12'), (file) => `${file} is not JSON (`],
      [(file) => fs.writeFileSync(file, '{"pid": "twelve"}'), (file) => `${file} has the wrong shape: pid: `],
    ];
    for (const [plant, reason] of cases) {
      const { file, judgement } = await judged(plant);
      expect(judgement.state).toBe('unknown');
      expect(judgement.why).toContain(`host.json cannot prove it alive or gone: ${reason(file)}`);
      expect(judgement.why).not.toContain('missing or cannot be read');
    }
  });

  it('resume names it without the escape sequences a garbled host.json holds', async () => {
    const runsDir = tempDir();
    const setup = fakeSetup(runsDir);
    await createRunner(setup.plan, { sparkUi: false, env: setup.env }).start();
    const runDir = path.join(runsDir, setup.plan.runId);
    const record = readRunRecord(runDir);
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ ...record, status: 'running', finishedAt: null }));
    fs.writeFileSync(path.join(runDir, 'host.json'), 'garbage\u001b]0;PWNED\u0007');
    // A process carrying the run's id: resume refuses (exit 2) and starts nothing.
    const leftover = spawn('sleep', ['30'], { env: { ...process.env, BACKFILL_RUN_ID: setup.plan.runId }, stdio: 'ignore' });
    try {
      const err = textSink();
      const code = await resumeCommand([setup.plan.runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: err.stream });
      expect(code, err.text()).toBe(2);
      expect(err.text()).toContain(`host.json cannot prove it alive or gone: ${path.join(runDir, 'host.json')} is not JSON (`);
      expect(err.text()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    } finally {
      leftover.kill('SIGKILL');
    }
  });

  // A line break that would print a line of its own, and an OSC never ended, which the sanitizer drops to the end
  // of the line: whatever host.json holds, the message says it escaped, on one line, and says all of it.
  const HOSTILE_HOST_JSON: Array<[string, string]> = [
    ['\n\nDONE: OK', '\\x0a\\x0aDONE: OK'],
    ['\u001b]52;c;cHduZWQ=', '\\x1b]52;c;cHduZWQ='],
  ];

  it('quotes a host.json that is not JSON escaped, on one line', async () => {
    for (const [text, escaped] of HOSTILE_HOST_JSON) {
      const { file, judgement } = await judged((at) => fs.writeFileSync(at, text));
      expect(judgement.why).toContain(`${file} is not JSON (`);
      expect(judgement.why).toContain(escaped);
      expect(judgement.why).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  async function runSaidRunning(hostJson: string) {
    const runsDir = tempDir();
    const setup = fakeSetup(runsDir);
    await createRunner(setup.plan, { sparkUi: false, env: setup.env }).start();
    const runDir = path.join(runsDir, setup.plan.runId);
    fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify({ ...readRunRecord(runDir), status: 'running', finishedAt: null }));
    fs.writeFileSync(path.join(runDir, 'host.json'), hostJson);
    return { runsDir, runId: setup.plan.runId };
  }

  it('attach and resume say the whole message, the file quoted escaped', async () => {
    for (const [text, escaped] of HOSTILE_HOST_JSON) {
      const { runsDir, runId } = await runSaidRunning(text);
      const attached = textSink();
      await attachCommand([runId, '--runs-dir', runsDir], { out: textSink().stream, err: attached.stream });
      const notice = attached.text().split('\n').find((line) => line.includes('Cannot tell whether'));
      expect(notice).toContain(escaped);
      expect(notice).toMatch(/no machine lock names it\. Shown as its folder has it\.$/);

      const leftover = spawn('sleep', ['30'], { env: { ...process.env, BACKFILL_RUN_ID: runId }, stdio: 'ignore' });
      try {
        const resumed = textSink();
        expect(await resumeCommand([runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: resumed.stream })).toBe(2);
        const [said, ...rest] = resumed.text().split('\n');
        expect(rest).toEqual(['']);
        expect(said).toContain(escaped);
        expect(said).toMatch(/process\(es\) of it are running .*Nothing was stopped or started/);
      } finally {
        leftover.kill('SIGKILL');
      }
    }
  });
});
