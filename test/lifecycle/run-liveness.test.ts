import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { judgeRun, writeHostInfo } from '../../src/lifecycle/host-info.js';
import { acquireWarehouseLock, releaseWarehouseLock } from '../../src/lifecycle/warehouse-lock.js';
import { createRunner } from '../../src/lifecycle/create-runner.js';
import { buildPlan } from '../../src/runner/plan/plan.js';
import { defaultPipeline } from '../../src/runner/plan/pipeline.js';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { fakeSetup } from '../integration/harness.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';

const tempDir = useTempDirs();

/** A finished run made to look as if it were still running, owned as `host` says. */
async function runningRun(runsDir: string) {
  const setup = fakeSetup(runsDir);
  const plan = buildPlan(setup.plan.params, defaultPipeline, setup.plan.runId);
  await createRunner(plan, { sparkUi: false, env: setup.env }).start();
  const runDir = path.join(runsDir, plan.runId);
  const record = readRunRecord(runDir);
  const running = { ...record, status: 'running' as const, finishedAt: null, stages: record.stages.map((stage, i) => (i === 0 ? stage : { ...stage, status: 'failed' as const })) };
  fs.writeFileSync(path.join(runDir, 'run.json'), JSON.stringify(running));
  return { runDir, record: running, plan, env: setup.env };
}

describe('the liveness of a run', () => {
  it('takes a live pid without a start time (pid 1) for nothing: unknown, not running forever', async () => {
    const run = await runningRun(tempDir());
    writeHostInfo(run.runDir, { pid: 1, startedAt: run.record.startedAt, mode: 'foreground' });
    const judged = await judgeRun(run.runDir, run.record);
    expect(judged.state).toBe('unknown');
    expect(judged.why).toContain('pid 1 lives, but the record has no start time');
  });

  it('an unreadable host.json never makes a live run interrupted: the machine lock naming it says it lives, and resume refuses', async () => {
    const run = await runningRun(tempDir());
    fs.writeFileSync(path.join(run.runDir, 'host.json'), '{"pid": 12'); // truncated
    const taken = await acquireWarehouseLock('s3a://lake/liveness', run.plan.runId, { mode: 'foreground' });
    if (!taken.ok) throw new Error(taken.message);
    try {
      expect((await judgeRun(run.runDir, run.record)).state).toBe('running');
      const err = textSink();
      expect(await resumeCommand([run.plan.runId, '--runs-dir', path.dirname(run.runDir), '--headless'], { out: textSink().stream, err: err.stream })).toBe(2);
      expect(err.text()).toContain(`run ${run.plan.runId} is still running`);
      expect(err.text()).not.toContain('stopped');
    } finally {
      await releaseWarehouseLock(taken.lock);
    }
    // Without the lock nothing proves it alive or gone: unknown, and nothing is stopped.
    expect((await judgeRun(run.runDir, run.record)).state).toBe('unknown');
  });

  it('a resumed run points to its successor: resume refuses it naming the successor, attach no longer offers Resume it', async () => {
    const runsDir = tempDir();
    const run = await runningRun(runsDir);
    writeHostInfo(run.runDir, { pid: 2 ** 22 + 1, startTime: '1', startedAt: run.record.startedAt, mode: 'detached' });
    const first = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: first.stream, env: run.env })).toBe(0);
    const successor = /resuming run \S+ as (\S+?)[: ]/.exec(first.text())![1]!;

    const again = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: again.stream, env: run.env })).toBe(2);
    expect(again.text()).toContain(`run ${run.plan.runId} was resumed already, as run ${successor} (succeeded)`);
    expect(again.text()).toContain(`Nothing was started. Resume that run instead: backfill resume ${successor}`);

    const attached = textSink();
    await attachCommand([run.plan.runId, '--runs-dir', runsDir], { out: textSink().stream, err: attached.stream });
    expect(attached.text()).toContain(`It was resumed as run ${successor}: backfill attach ${successor}`);
    expect(attached.text()).not.toContain('Resume it');
  });

  it('attach from a terminal to an interrupted run: its events as lines and how to resume it, no screen that shows it running', async () => {
    const run = await runningRun(tempDir());
    writeHostInfo(run.runDir, { pid: 2 ** 22 + 7, startTime: '1', startedAt: run.record.startedAt, mode: 'detached' }); // a pid that is gone
    expect((await judgeRun(run.runDir, run.record)).state).toBe('interrupted');
    const out = textSink();
    const err = textSink();
    const terminalOut = Object.assign(out.stream, { isTTY: true, columns: 100, rows: 30 });
    const terminalIn = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => terminalIn });
    const code = await Promise.race([
      attachCommand([run.plan.runId, '--runs-dir', path.dirname(run.runDir)], { out: terminalOut, err: err.stream, in: terminalIn }),
      new Promise((resolve) => setTimeout(() => resolve('still on a screen after 5 s'), 5_000)),
    ]);
    expect(code).toBe(1);
    expect(err.text()).toContain(`Run ${run.plan.runId} was interrupted: its runner (pid ${2 ** 22 + 7}) is gone. Resume it: backfill resume ${run.plan.runId}`);
    expect(out.text()).toContain('bronze');
  });
});
