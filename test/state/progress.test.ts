import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/runner/run/exit-code.js';
import { currentSparkStage, progressFraction, stageElapsedMs } from '../../src/state/progress.js';
import { emptyStageView, type StageView } from '../../src/state/app-state.js';
import { T0 } from './run-fixtures.js';

const running = (overrides: Partial<StageView> = {}): StageView => ({
  ...emptyStageView('bronze', [], true),
  status: 'running',
  startedAt: new Date(T0).toISOString(),
  ...overrides,
});

describe('progress', () => {
  it('prefers the job progress over the Spark bar', () => {
    const stage = running({ progress: { done: 3, total: 12 }, sparkStages: [{ stageId: 1, done: 199, running: 1, total: 200 }] });
    expect(progressFraction(stage)).toBe(0.25);
  });

  it('falls back to the newest Spark stage', () => {
    const stage = running({ sparkStages: [{ stageId: 5, done: 50, running: 4, total: 200 }, { stageId: 3, done: 1, running: 0, total: 2 }] });
    expect(currentSparkStage(stage)?.stageId).toBe(5);
    expect(progressFraction(stage)).toBe(0.25);
  });

  it('has no fraction without any progress, or with a zero total', () => {
    expect(progressFraction(running())).toBeNull();
    expect(progressFraction(running({ progress: { done: 0, total: 0 } }))).toBeNull();
  });

  it('measures elapsed time to now while running and to the finish after', () => {
    expect(stageElapsedMs(running(), T0 + 5_000)).toBe(5_000);
    expect(stageElapsedMs({ ...running(), status: 'succeeded', durationMs: 7_000 }, T0 + 60_000)).toBe(7_000);
    expect(stageElapsedMs(emptyStageView('gold', [], true), T0)).toBeNull();
  });

  it('maps run status to exit codes', () => {
    expect([exitCodeFor('succeeded'), exitCodeFor('failed'), exitCodeFor('aborted')]).toEqual([0, 1, 130]);
  });
});
