import { describe, expect, it } from 'vitest';
import { buildRunReport, formatRunReport } from '../../src/lifecycle/run-report.js';
import type { RunRecord, StageRecord } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';

const RUN = '20261206-050636-dtg2';

function stage(name: string, status: StageRecord['status'], extra: Partial<StageRecord> = {}): StageRecord {
  return { name, status, command: [], startedAt: '2026-12-06T05:06:36.000Z', finishedAt: '2026-12-06T05:07:29.000Z', durationMs: 53_000, exitCode: 143, signal: null, ...extra };
}

describe('backfill show of a stage stopped before it reported its commits', () => {
  // A SIGTERM just after bronze's Iceberg commit: the JVM stops Spark, the job cannot list its commits, no
  // BACKFILL_RESULT. The table changed; the record must not say there is nothing to roll back.
  it('names it as one that may have committed, with the query for its snapshots, and never says nothing to roll back', () => {
    const record: RunRecord = {
      id: RUN,
      params: testParams(),
      status: 'aborted',
      startedAt: '2026-12-06T05:06:36.000Z',
      finishedAt: '2026-12-06T05:07:29.000Z',
      stages: [stage('bronze', 'aborted'), stage('silver', 'pending', { startedAt: null, finishedAt: null, durationMs: null, exitCode: null })],
    };
    const report = buildRunReport(record, 'aborted', undefined);
    expect(report.unreported).toEqual([{ stage: 'bronze', status: 'aborted', startedAt: '2026-12-06T05:06:36.000Z' }]);
    const text = formatRunReport(report);
    expect(text).toContain("bronze             aborted before it reported its commits: it may have committed. Its tables' snapshots since it started: SELECT * FROM lh.<db>.<table>.snapshots WHERE committed_at >= TIMESTAMP '2026-12-06 05:06:36'");
    expect(text).not.toContain('nothing to roll back');
    expect(text).toContain('no commits recorded; see above for what may have committed without reporting');
  });

  it('names a failed chunk without a result, and not a chunk that reported (even none) or never started', () => {
    const chunk = (id: string, status: StageRecord['status'], extra: Partial<StageRecord> = {}) => ({ ...stage('gold', status, extra), id, startDate: '2024-01-01', endDate: '2024-01-31' });
    const record: RunRecord = {
      id: RUN,
      params: testParams(),
      status: 'failed',
      startedAt: '2026-12-06T05:06:36.000Z',
      finishedAt: '2026-12-06T05:07:29.000Z',
      stages: [
        stage('gold', 'failed', {
          chunks: [chunk('2024-01', 'succeeded', { commits: [] }), chunk('2024-02', 'failed'), chunk('2024-03', 'failed', { commits: [] }), chunk('2024-04', 'pending', { startedAt: null })],
        }),
      ],
    };
    expect(buildRunReport(record, 'failed', undefined).unreported.map((unit) => unit.chunk)).toEqual(['2024-02']);
  });
});

describe('backfill show of a run that never finished', () => {
  const record: RunRecord = { id: RUN, params: testParams(), status: 'running', startedAt: '2026-12-06T05:06:36.000Z', finishedAt: null, stages: [stage('bronze', 'running', { finishedAt: null, exitCode: null })] };

  it('gives no exit code and no duration when its runner is gone or cannot be judged', () => {
    for (const state of ['interrupted', 'unknown'] as const) {
      const head = formatRunReport(buildRunReport(record, state, undefined)).split('\n').slice(0, 2).join('\n');
      expect(head).toContain(`Run ${RUN} · ${state} · `);
      expect(head).not.toContain('(exit');
      expect(head).toContain('took never finished');
    }
    expect(formatRunReport(buildRunReport(record, 'running', undefined))).toContain('took still going');
  });
});
