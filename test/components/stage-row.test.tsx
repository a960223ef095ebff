import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { StageRow } from '../../src/components/StageRow.js';
import type { ChunkRecord, StageStatus } from '../../src/runner/types.js';
import { emptyStageView, type StageView } from '../../src/state/run-state.js';
import { T0 } from '../state/run-fixtures.js';

afterEach(() => cleanup());

const chunk = (id: string, status: StageStatus): ChunkRecord => ({
  id, startDate: id, endDate: id, status, command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null,
});

function running(overrides: Partial<StageView>): StageView {
  return { ...emptyStageView('bronze', [], true), status: 'running', startedAt: new Date(T0).toISOString(), ...overrides };
}

describe('stage row', () => {
  it('shows chunk counts for a chunked stage', () => {
    const stage = running({ chunks: [chunk('a', 'succeeded'), chunk('b', 'failed'), chunk('c', 'running'), chunk('d', 'pending')] });
    const { lastFrame } = render(<StageRow stage={stage} selected nowMs={T0 + 5_000} />);
    expect(lastFrame()).toContain('chunks 2/4 (1 running, 1 failed)');
    expect(lastFrame()).toContain('5s');
  });

  it('falls back to the driver task counts when there is no console bar', () => {
    const stage = running({ sparkUi: { url: 'http://x', completedTasks: 30, totalTasks: 120, activeStages: 1, failedTasks: 0, executors: 1 } });
    const { lastFrame } = render(<StageRow stage={stage} selected={false} nowMs={T0} />);
    expect(lastFrame()).toContain('tasks 30/120');
  });

  it('shows the signal of a stage killed by one, and that it is stopping', () => {
    const stage = running({ stopping: { reason: 'skip', signal: 'SIGKILL' } });
    const { lastFrame } = render(<StageRow stage={stage} selected={false} nowMs={T0} />);
    expect(lastFrame()).toContain('stopping (SIGKILL)');
  });
});
