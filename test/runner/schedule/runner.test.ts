import { describe, expect, it, vi } from 'vitest';
import { buildPlan } from '../../../src/runner/plan/plan.js';
import { applyRunEvents } from '../../../src/runner/run/run-fold.js';
import { readRunRecord } from '../../../src/runner/folder/run-folder.js';
import { runStateAtStart, toRunRecord } from '../../../src/runner/run/run-state.js';
import { Runner } from '../../../src/runner/schedule/runner.js';
import { retryingStarter } from '../../../src/lifecycle/retrying-stage.js';
import { FakeClock, fakeStarter } from '../../fixtures/fake-stage-process.js';
import { testParams } from '../../fixtures/params.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';
import type { RunEvent } from '../../../src/runner/run/events.js';
import type { RunParams } from '../../../src/runner/plan/plan-types.js';

// The runner with a fake stage process and a fake clock: the races an operator can cause, reached on purpose
// rather than by timing.

const tempDir = useTempDirs();

function runnerWith(params: Partial<RunParams>, starter: ReturnType<typeof fakeStarter>, clock = new FakeClock()) {
  const plan = buildPlan(testParams({ runsDir: tempDir(), ...params }));
  const runner = new Runner(plan, { startStage: starter.start, now: clock.now });
  const events: RunEvent[] = [];
  runner.subscribe((event) => events.push(event));
  return { runner, events, clock };
}

const statuses = (runner: Runner) => runner.record.stages.map((stage) => stage.status);

describe('Runner', () => {
  it('runs the stages in order, each its own process, and times them by its clock', async () => {
    const starter = fakeStarter();
    const { runner, clock } = runnerWith({}, starter);
    const finished = runner.start();
    for (let n = 1; n <= 3; n++) {
      const process = await starter.waitFor(n);
      clock.advance(n * 1000);
      process.exit(0);
    }
    const record = await finished;
    expect(record.status).toBe('succeeded');
    expect(starter.started.map((process) => process.stage)).toEqual(['bronze', 'silver', 'gold']);
    expect(record.stages.map((stage) => stage.durationMs)).toEqual([1000, 2000, 3000]);
  });

  it('stops a stage whose abort came while it was being launched, and starts nothing after it', async () => {
    const holder: { runner?: Runner } = {};
    const starter = fakeStarter({ onStart: () => holder.runner!.send({ type: 'abort' }) });
    const runner = runnerWith({}, starter).runner;
    holder.runner = runner;
    const record = await runner.start();
    expect(starter.started).toHaveLength(1);
    expect(starter.started[0]!.signals).toEqual(['SIGTERM']);
    expect(record.status).toBe('aborted');
    expect(statuses(runner)).toEqual(['aborted', 'pending', 'pending']);
  });

  it('keeps an abort an abort when a skip comes during its grace period', async () => {
    const starter = fakeStarter({ ignoresTerm: true });
    const { runner, events } = runnerWith({}, starter);
    const finished = runner.start();
    const bronze = await starter.waitFor(1);
    runner.send({ type: 'abort' });
    runner.send({ type: 'skip', stage: 'bronze' }); // within the grace period: the process still lives
    bronze.kill();
    const record = await finished;
    expect(record.status).toBe('aborted');
    expect(statuses(runner)).toEqual(['aborted', 'pending', 'pending']);
    expect(events.filter((event) => event.type === 'stage-stopping').map((event) => event.type === 'stage-stopping' && `${event.reason} ${event.signal}`)).toEqual([
      'abort SIGTERM',
      'abort SIGKILL',
    ]);
  });

  it('skips a stage during its grace period once, and goes on with the next', async () => {
    const starter = fakeStarter({ ignoresTerm: true });
    const { runner } = runnerWith({}, starter);
    const finished = runner.start();
    const bronze = await starter.waitFor(1);
    runner.send({ type: 'skip', stage: 'bronze' });
    runner.send({ type: 'skip', stage: 'bronze' });
    bronze.kill();
    (await starter.waitFor(2)).exit(0);
    (await starter.waitFor(3)).exit(0);
    const record = await finished;
    expect(bronze.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(statuses(runner)).toEqual(['skipped', 'succeeded', 'succeeded']);
    expect(record.status).toBe('succeeded');
  });

  it('under fail-fast, stops a chunk that waits for its retry: no new attempt starts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const starter = fakeStarter();
      const plan = buildPlan(
        testParams({ runsDir: tempDir(), stages: ['bronze'], startDate: '2024-01-01', endDate: '2024-02-29', chunk: 'month', parallel: 2, failFast: true }),
      );
      const retrying = retryingStarter({ retries: 1, delayMs: 60_000, runDir: tempDir() }, starter.start);
      const runner = new Runner(plan, { startStage: retrying, now: new FakeClock().now });
      const finished = runner.start();
      const january = await starter.waitFor(1);
      const february = await starter.waitFor(2);
      february.exit(1);
      await vi.advanceTimersByTimeAsync(60_000);
      const februaryAgain = await starter.waitFor(3);
      january.exit(1); // its second attempt waits a minute
      await vi.advanceTimersByTimeAsync(1_000);
      februaryAgain.exit(3); // february has no attempt left: failed, and fail-fast stops january's wait
      const record = await finished;
      await vi.advanceTimersByTimeAsync(120_000);
      expect(starter.started.map((process) => process.chunk)).toEqual(['2024-01', '2024-02', '2024-02']);
      expect(record.stages[0]!.chunks!.map((chunk) => chunk.status)).toEqual(['aborted', 'failed']);
      expect(record.stages[0]!.status).toBe('failed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs a retried stage again after the run finished, and finishes the run again', async () => {
    const starter = fakeStarter();
    const { runner, events } = runnerWith({ stages: ['bronze'] }, starter);
    const first = runner.start();
    (await starter.waitFor(1)).exit(2);
    expect((await first).status).toBe('failed');
    runner.send({ type: 'retry', stage: 'bronze' });
    (await starter.waitFor(2)).exit(0);
    await runner.whenIdle();
    expect(runner.record.status).toBe('succeeded');
    expect(events.filter((event) => event.type === 'run-finished')).toHaveLength(2);
  });

  it('writes into run.json exactly what its own fold of the events says', async () => {
    const starter = fakeStarter();
    const { runner, events } = runnerWith({ stages: ['bronze'] }, starter);
    const finished = runner.start();
    const bronze = await starter.waitFor(1);
    bronze.print('BACKFILL_PROGRESS {"done": 1, "total": 2}');
    bronze.exit(0);
    await finished;
    const [started, ...rest] = events;
    expect(started?.type).toBe('run-started');
    const replayed = applyRunEvents(runStateAtStart(started as Extract<RunEvent, { type: 'run-started' }>), rest);
    expect(toRunRecord(replayed)).toEqual(runner.record);
    expect(readRunRecord(runner.runDir!)).toEqual(runner.record);
  });
});
