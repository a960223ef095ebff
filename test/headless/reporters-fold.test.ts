import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createJsonReporter } from '../../src/headless/json-reporter.js';
import { createPlainReporter } from '../../src/headless/plain-reporter.js';
import { summaryOf } from '../../src/runner/run/json-summary.js';
import { applyRunEvent } from '../../src/runner/run/run-fold.js';
import { runStateAtStart, type RunState } from '../../src/runner/run/run-state.js';
import type { FailureCause, StageRecord } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';
import { textCapture } from '../fixtures/text-sink.js';
import type { RunEvent } from '../../src/runner/run/events.js';

// Counts the reporters' folds: every one goes through this function.
vi.mock('../../src/runner/run/run-fold.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/runner/run/run-fold.js')>();
  return { ...actual, applyRunEvent: vi.fn(actual.applyRunEvent) };
});

process.env.TZ = 'UTC';
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 24, 1, 15, seconds)).toISOString();
const record = (status: StageRecord['status'], extra: Partial<StageRecord> = {}): StageRecord => ({
  name: 'bronze', status, command: ['x'], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null, ...extra,
});
const cause: FailureCause = { kind: 'exception', summary: 'AnalysisException: no such table', causes: [], exit: 'exit code 1: the job failed' };

// The run-finished event's records leave the failure out: what the fold learnt of it on the way stays.
const events: RunEvent[] = [
  { type: 'run-started', at: at(0), runId: 'RID', runDir: '/runs/RID', params: testParams({ stages: ['bronze'] }), stages: [record('pending')] },
  { type: 'stage-started', at: at(1), stage: 'bronze', command: ['x'], pid: 7 },
  { type: 'stage-output', at: at(2), stage: 'bronze', lines: ['ERROR boom'] },
  { type: 'stage-progress', at: at(3), stage: 'bronze', progress: { done: 1, total: 4 } },
  { type: 'failure-cause', at: at(4), stage: 'bronze', cause },
  { type: 'stage-finished', at: at(4), stage: 'bronze', status: 'failed', exitCode: 1, signal: null, durationMs: 3_000 },
  { type: 'run-finished', at: at(5), status: 'failed', stages: [record('failed', { exitCode: 1, durationMs: 3_000, startedAt: at(1), finishedAt: at(4) })] },
];

function foldOf(all: readonly RunEvent[]): RunState {
  const [first, ...rest] = all;
  if (first?.type !== 'run-started') throw new Error('a run starts with run-started');
  return rest.reduce<RunState>((state, event) => applyRunEvent(state, event), runStateAtStart(first));
}

beforeEach(() => {
  vi.mocked(applyRunEvent).mockClear();
});

describe('the headless reporters fold the run', () => {
  it('JSON: the summary is the fold of the run, not a copy of the run-finished event', () => {
    const { out, text } = textCapture();
    const report = createJsonReporter(out, { progressIntervalMs: 5000 });
    for (const event of events) report(event);
    const summary = text().trim().split('\n').map((line) => JSON.parse(line)).at(-1);
    const fold = foldOf(events);
    expect(fold.status).toBe('failed');
    expect(summary).toEqual(summaryOf({ ...fold, status: 'failed' }));
    expect(summary.stages[0]).toMatchObject({ name: 'bronze', status: 'failed', exitCode: 1, durationMs: 3_000, failure: cause });
  });

  it('JSON and plain: each event is folded once (run-started starts the state)', () => {
    const folds = events.filter((event) => event.type !== 'run-started').length;
    for (const create of [createJsonReporter, createPlainReporter]) {
      vi.mocked(applyRunEvent).mockClear();
      const report = create(textCapture().out, { progressIntervalMs: 5000, etaHistory: { stageMsPerDay: {}, chunkMsPerDay: {} } });
      for (const event of events) report(event);
      // One call per event after the start (stage-output too, which changes nothing).
      expect(vi.mocked(applyRunEvent)).toHaveBeenCalledTimes(folds);
    }
  });
});
