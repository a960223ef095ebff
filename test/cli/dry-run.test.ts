import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../src/cli/dry-run.js';
import { buildPlan } from '../../src/runner/plan/plan.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

const params: RunParams = {
  startDate: '2024-01-01',
  endDate: '2024-01-31',
  stages: ['bronze', 'gold'],
  sparkSubmit: ['/opt/spark/bin/spark-submit'],
  master: 'yarn',
  conf: [],
  continueOnFailure: false,
  graceSeconds: 30,
  runsDir: '/runs',
  projectRoot: '/app',
};

describe('formatPlan', () => {
  it('prints the span, every selected command and the skipped stages', () => {
    const text = formatPlan(buildPlan(params, undefined, 'r1'), false);
    expect(text).toContain('2024-01-01 to 2024-01-31 (31 days)');
    expect(text).toMatch(/bronze +\/opt\/spark\/bin\/spark-submit --master yarn --name backfill-r1-bronze .*--start-date 2024-01-01/);
    expect(text).toMatch(/silver +\(skipped\)/);
    expect(text).toContain('Dry run: nothing started.');
  });

  it('prints one JSON object with the argv of each stage', () => {
    const plan = JSON.parse(formatPlan(buildPlan(params, undefined, 'r1'), true));
    expect(plan).toMatchObject({ type: 'plan', runId: 'r1', days: 31 });
    expect(plan.stages.map((stage: { selected: boolean }) => stage.selected)).toEqual([true, false, true]);
    expect(plan.stages[2].command).toContain('/app/jobs/gold/run_gold_pipeline.py');
  });
});
