import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkGrid, gridCells } from '../../src/components/ChunkGrid.js';
import { StageRow } from '../../src/components/StageRow.js';
import { StatusBadge } from '../../src/components/StatusBadge.js';
import { STATUS_LOOK } from '../../src/components/status-palette.js';
import type { ChunkRecord, StageStatus } from '../../src/runner/run/run-types.js';
import { emptyStageView } from '../../src/state/app-state.js';

afterEach(() => cleanup());

const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (text: string | undefined) => (text ?? '').replace(ANSI, '');

function chunks(statuses: StageStatus[]): ChunkRecord[] {
  return statuses.map((status, index) => ({
    id: `c${index}`, startDate: '2024-01-01', endDate: '2024-01-01', status, command: [],
    startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null,
  }));
}

describe('chunk grid', () => {
  it('draws one cell per chunk, by status, with the counts', () => {
    const twelve = chunks([
      'succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'running',
      'running', 'aborted', 'pending', 'pending', 'pending', 'pending',
    ]);
    const frame = visible(render(<ChunkGrid chunks={twelve} width={80} />).lastFrame());
    expect(frame).toContain('✔✔✔✔✘▶▶■····');
    expect(frame).toContain('4 done, 2 running, 1 failed, 4 pending, 1 stopped');
  });

  it('fits 100 chunks in an 80-column bronze row of two lines', () => {
    const hundred = chunks([...Array<StageStatus>(30).fill('succeeded'), 'failed', ...Array<StageStatus>(4).fill('running'), ...Array<StageStatus>(65).fill('pending')]);
    const stage = { ...emptyStageView('bronze', [], true), status: 'running' as const, startedAt: new Date().toISOString(), chunks: hundred };
    const frame = visible(render(<StageRow stage={stage} selected nowMs={Date.now()} width={80} />).lastFrame());
    const lines = frame.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[1]).toContain('30 done, 4 running, 1 failed, 65 pending');
    expect(lines[1]).toMatch(/\(\d per cell\)/);
    // The failed chunk stays visible when cells stand for several chunks.
    expect(lines[1]).toContain('✘');
  });

  it('gives a shared cell the status that most needs attention, green only when all succeeded', () => {
    const statuses = gridCells(chunks(['succeeded', 'succeeded', 'succeeded', 'pending', 'running', 'failed']), 3);
    expect(statuses).toEqual(['succeeded', 'pending', 'failed']);
  });
});

describe('stage row width', () => {
  it('cuts a long progress text rather than squeezing the bar onto another line', () => {
    const stage = {
      ...emptyStageView('bronze', [], true),
      status: 'running' as const,
      startedAt: new Date().toISOString(),
      sparkUi: { url: 'u', completedTasks: 123_456, totalTasks: 999_999, activeStages: 12, failedTasks: 3, executors: 48 },
      progress: { done: 7, total: 12, unit: 'location-months' },
    };
    const frame = visible(render(<StageRow stage={stage} selected nowMs={Date.now()} width={80} />).lastFrame());
    expect(frame.split('\n')).toHaveLength(1);
    expect(frame).toContain('▶ running');
  });
});

describe('one status palette', () => {
  it('gives a status the same glyph in the chunk grid as in the stage badge', () => {
    for (const status of ['succeeded', 'failed', 'aborted', 'skipped', 'running'] as const) {
      const badge = visible(render(<StatusBadge status={status} />).lastFrame());
      const grid = visible(render(<ChunkGrid chunks={chunks([status])} width={40} />).lastFrame());
      expect(badge).toContain(STATUS_LOOK[status].glyph);
      expect(grid).toContain(STATUS_LOOK[status].glyph);
    }
  });
});
