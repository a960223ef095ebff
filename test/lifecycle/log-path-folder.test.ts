import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { logsCommand } from '../../src/cli/commands/logs.js';
import { snapshotFromFolder } from '../../src/daemon/folder-snapshot.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun } from '../integration/harness.js';

const tempDir = useTempDirs();

/** A finished run whose silver log path is a folder (made by hand, or by a broken copy). */
async function runWithLogFolder() {
  const runsDir = tempDir();
  const run = fakeRun(runsDir);
  await run.runner.start();
  const silverLog = path.join(run.runDir, 'logs', 'silver.log');
  fs.rmSync(silverLog);
  fs.mkdirSync(silverLog);
  return { runsDir, run, silverLog };
}

describe('a stage log path that is a folder', () => {
  it('logs says so in one line and prints the other stages', async () => {
    const { runsDir, run, silverLog } = await runWithLogFolder();
    const out = textSink();
    const err = textSink();
    expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir], { out: out.stream, err: err.stream })).toBe(0);
    expect(err.text()).toBe(`backfill: ${silverLog} is a folder, not a log file; skipped.\n`);
    expect(out.text()).toContain('"stage": "bronze"');
    expect(out.text()).toContain('"stage": "gold"');

    const silver = textSink();
    const silverErr = textSink();
    expect(await logsCommand([run.plan.runId, '--stage', 'silver', '--runs-dir', runsDir], { out: silver.stream, err: silverErr.stream })).toBe(0);
    expect(silverErr.text()).toBe(`backfill: ${silverLog} is a folder, not a log file; skipped.\n`);
  });

  it('logs of a damaged record, from disk, skips it too', async () => {
    const { runsDir, run } = await runWithLogFolder();
    fs.writeFileSync(path.join(run.runDir, 'run.json'), '{');
    const chunkLog = path.join(run.runDir, 'logs', 'bronze', '2024-01.log');
    fs.mkdirSync(chunkLog, { recursive: true });
    const out = textSink();
    const err = textSink();
    expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir], { out: out.stream, err: err.stream })).toBe(0);
    expect(err.text()).toContain(`backfill: ${chunkLog} is a folder, not a log file; skipped.\n`);
    expect(out.text()).toContain('"stage": "gold"');
  });

  it('attach shows the run, the folder named in the stage log tail', async () => {
    const { runsDir, run, silverLog } = await runWithLogFolder();
    const err = textSink();
    expect(await attachCommand([run.plan.runId, '--runs-dir', runsDir], { out: textSink().stream, err: err.stream })).toBe(0);
    expect(err.text()).toBe('');
    expect(snapshotFromFolder(run.runDir).logTails.silver).toEqual([`(${silverLog} is a folder, not a log file)`]);
  });
});
