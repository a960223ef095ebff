import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { RunSummary } from '../../src/components/RunSummary.js';
import { StageRow } from '../../src/components/StageRow.js';
import { liveStage } from '../../src/runner/run/run-state.js';
import type { RunRecord, StageRecord, FailureCause } from '../../src/runner/run/run-types.js';
import { notificationPayload } from '../../src/lifecycle/notify.js';
import { buildRunReport, formatRunReport } from '../../src/lifecycle/run-report.js';
import { testParams } from '../fixtures/params.js';

const RUN = '20261205-090000-ab12';
const oom: FailureCause = {
  kind: 'out-of-memory',
  // From a job's log: escapes must not reach a terminal.
  summary: 'java.lang.OutOfMemoryError: Java heap space\u001b[2J',
  causes: ['java.lang.RuntimeException: inner'],
  exit: "exit 52: Spark's exit code for java.lang.OutOfMemoryError (SparkExitCode.OOM): a JVM ran out of heap",
  advice: "the driver ran out of heap (spark.driver.memory not set: Spark's default is 1g); give it 4g",
  fix: `backfill resume ${RUN} --conf spark.driver.memory=4g`,
};

function stage(name: string, status: StageRecord['status'], extra: Partial<StageRecord> = {}): StageRecord {
  return { name, status, command: [], startedAt: '2026-12-05T09:00:00.000Z', finishedAt: '2026-12-05T09:01:00.000Z', durationMs: 60_000, exitCode: status === 'failed' ? 52 : 0, signal: null, ...extra };
}
const stages = [stage('bronze', 'succeeded'), stage('silver', 'succeeded'), stage('gold', 'failed', { failure: oom })];
const record: RunRecord = { id: RUN, params: testParams(), status: 'failed', startedAt: '2026-12-05T09:00:00.000Z', finishedAt: '2026-12-05T09:03:00.000Z', stages };

describe('a failure summed up', () => {
  it('in the notification text: the cause and the fix, in one line', () => {
    const { text } = notificationPayload(RUN, record.startedAt, { type: 'run-finished', at: record.finishedAt!, status: 'failed', stages });
    expect(text).toBe(
      `backfill run ${RUN} failed (exit 1) in 3m00s: bronze succeeded, silver succeeded, gold failed; 0 rows written. ` +
        `gold failed: java.lang.OutOfMemoryError: Java heap space. Fix: backfill resume ${RUN} --conf spark.driver.memory=4g`,
    );
  });

  it('by backfill show: a Failures section with the chain, the exit, the advice and the fix', () => {
    const text = formatRunReport(buildRunReport(record, 'failed', undefined));
    expect(text).toContain(
      [
        'Failures',
        '  gold',
        '    cause: java.lang.OutOfMemoryError: Java heap space',
        '    caused by: java.lang.RuntimeException: inner',
        `    ${oom.exit}`,
        `    advice: ${oom.advice}`,
        `    fix: ${oom.fix}`,
      ].join('\n'),
    );
    expect(text).not.toContain('\u001b');
  });

  it('in the TUI: the stage row says why, the end summary says why and the fix', () => {
    const row = render(<StageRow stage={liveStage(stages[2]!)} selected={false} nowMs={0} width={160} />);
    expect(row.lastFrame()).toMatch(/gold .*exit 52 {2}java\.lang\.OutOfMemoryError: Java heap space/);
    const view = { runId: RUN, runDir: null, params: record.params, status: 'failed' as const, startedAt: record.startedAt, finishedAt: record.finishedAt, stages: stages.map((each) => liveStage(each)), logs: {} };
    const summary = render(<RunSummary run={view} width={160} />).lastFrame() ?? '';
    expect(summary).toContain('gold failed: java.lang.OutOfMemoryError: Java heap space');
    expect(summary).toContain(`  fix: backfill resume ${RUN} --conf spark.driver.memory=4g`);
    expect(summary).not.toContain('\u001b[2J');
  });
});
