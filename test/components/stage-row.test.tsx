import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { StageRow } from '../../src/components/StageRow.js';
import type { ChunkRecord, StageStatus } from '../../src/runner/run/run-types.js';
import { emptyStageView, type StageView } from '../../src/state/app-state.js';
import { T0 } from '../state/run-fixtures.js';

afterEach(() => cleanup());

const chunk = (id: string, status: StageStatus): ChunkRecord => ({
  id, startDate: id, endDate: id, status, command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null,
});

function running(overrides: Partial<StageView>): StageView {
  return { ...emptyStageView('bronze', [], true), status: 'running', startedAt: new Date(T0).toISOString(), ...overrides };
}

describe('stage row', () => {
  it('shows a chunked stage as a grid with its counts on a second line', () => {
    const stage = running({ chunks: [chunk('a', 'succeeded'), chunk('b', 'failed'), chunk('c', 'running'), chunk('d', 'pending')] });
    const { lastFrame } = render(<StageRow stage={stage} selected nowMs={T0 + 5_000} width={80} />);
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('5s');
    expect(lines[1]).toContain('✔✘▶·');
    expect(lines[1]).toContain('1 done, 1 running, 1 failed, 1 pending');
  });

  it('shows the Spark UI figures in place of the console bar', () => {
    const stage = running({
      sparkStages: [{ stageId: 3, done: 12, running: 4, total: 200 }],
      sparkStagesAtMs: T0 + 20_000,
      sparkUi: { url: 'http://x', completedTasks: 30, totalTasks: 120, activeStages: 2, failedTasks: 1, executors: 3 },
      sparkUiAtMs: T0 + 19_000,
    });
    const { lastFrame } = render(<StageRow stage={stage} selected={false} nowMs={T0} width={200} />);
    expect(lastFrame()).toContain('tasks 30/120 · 2 active · 1 failed · 3 exec');
    expect(lastFrame()).not.toContain('Spark stage 3');
  });

  it('falls back to the console bar when the UI stopped answering, or never did', () => {
    const stale = running({
      sparkStages: [{ stageId: 4, done: 50, running: 4, total: 200 }],
      sparkStagesAtMs: T0 + 60_000,
      sparkUi: { url: 'http://x', completedTasks: 30, totalTasks: 120, activeStages: 2, failedTasks: 1, executors: 3 },
      sparkUiAtMs: T0 + 10_000,
    });
    const first = render(<StageRow stage={stale} selected={false} nowMs={T0} width={200} />);
    expect(first.lastFrame()).toContain('Spark stage 4: 50/200');
    expect(first.lastFrame()).not.toContain('tasks 30/120');
    const barOnly = running({ sparkStages: [{ stageId: 1, done: 2, running: 1, total: 8 }], sparkStagesAtMs: T0 });
    expect(render(<StageRow stage={barOnly} selected={false} nowMs={T0} width={200} />).lastFrame()).toContain('Spark stage 1: 2/8');
  });

  it('adds up the Spark UI figures of running chunks', () => {
    const ui = (completedTasks: number) => ({ ui: { url: 'u', completedTasks, totalTasks: 100, activeStages: 1, failedTasks: 0, executors: 1 }, uiAtMs: T0, stages: [], stagesAtMs: 0 });
    const stage = running({ chunks: [chunk('a', 'running'), chunk('b', 'running')], chunkSpark: { a: ui(10), b: ui(30) } });
    const { lastFrame } = render(<StageRow stage={stage} selected={false} nowMs={T0} width={200} />);
    expect(lastFrame()).toContain('tasks 40/200 · 2 active · 0 failed · 2 exec (2 apps)');
  });

  it('shows the ETA with where it comes from', () => {
    const stage = running({});
    const history = render(<StageRow stage={stage} selected={false} nowMs={T0} eta={{ remainingMs: 185_000, source: 'history' }} />);
    expect(history.lastFrame()).toContain('ETA 3m05s (history)');
    const rate = render(<StageRow stage={stage} selected={false} nowMs={T0} eta={{ remainingMs: 4_000, source: 'rate' }} />);
    expect(rate.lastFrame()).toContain('ETA 4s (rate)');
    const done = render(<StageRow stage={{ ...stage, status: 'succeeded' }} selected={false} nowMs={T0} eta={{ remainingMs: 4_000, source: 'rate' }} />);
    expect(done.lastFrame()).not.toContain('ETA');
  });

  it('shows the signal of a stage killed by one, and that it is stopping', () => {
    const stage = running({ stopping: { reason: 'skip', signal: 'SIGKILL' } });
    const { lastFrame } = render(<StageRow stage={stage} selected={false} nowMs={T0} />);
    expect(lastFrame()).toContain('stopping (SIGKILL)');
  });

  it("shows the heap, GC and spill, marked and yellow once a memory warning came", () => {
    const memory = { heap: { peakBytes: 1.9 * 1024 ** 3, maxBytes: 2 * 1024 ** 3, executor: 'driver' }, gcTimeMs: 23_000, taskTimeMs: 100_000, memorySpilledBytes: 0, diskSpilledBytes: 340 * 1024 ** 2 };
    const calm = render(<StageRow stage={running({ memory })} selected={false} nowMs={T0} width={200} />);
    expect(calm.lastFrame()).toContain('heap 95% of 2.0 GiB · GC 23% · spill 340 MiB');
    expect(calm.lastFrame()).not.toContain('⚠');
    const warning = { kind: 'gc' as const, share: 0.23, message: 'GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory' };
    const warned = render(<StageRow stage={running({ memory, memoryWarnings: [warning] })} selected={false} nowMs={T0} width={200} />);
    expect(warned.lastFrame()).toContain('⚠ heap 95% of 2.0 GiB · GC 23% · spill 340 MiB');
  });
});
