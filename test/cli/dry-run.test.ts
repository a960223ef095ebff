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

  it('prints what came from flags and files terminal-safe, each command shell-quoted to paste back as it would run', () => {
    const hostile: RunParams = { ...params, master: 'yarn\u001b[2J', runsDir: '/runs\u202e/x\u001b]0;PWNED\u0007', locations: '/data/evil\u202e\u001b[2J.jsonl' };
    const text = formatPlan(buildPlan(hostile, undefined, 'r1'), false);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    // The runs dir and the master are named escaped and whole: the folder named is the folder used.
    expect(text).toContain('master yarn\\x1b[2J, runs in /runs\\u202e/x\\x1b]0;PWNED\\x07');
    expect(text).toContain(`--master $'yarn\\e[2J'`);
    expect(text).toContain(`--locations-file $'/data/evil\\xe2\\x80\\xae\\e[2J.jsonl'`);
  });

  it('names a runs dir with a line break on one line: no forged second line', () => {
    const text = formatPlan(buildPlan({ ...params, runsDir: '/tmp/r\nPlan: FAKE LINE' }, undefined, 'r1'), false);
    expect(text).toContain('runs in /tmp/r\\x0aPlan: FAKE LINE');
    expect(text.split('\n').filter((line) => line.startsWith('Plan:'))).toHaveLength(1);
  });

  it('prints the JSON plan with DEL and C1 controls escaped, meaning the same', () => {
    const json = formatPlan(buildPlan({ ...params, master: 'yarn\u009b2J\u007f' }, undefined, 'r1'), true);
    expect(json).not.toMatch(/[\u007f-\u009f]/);
    expect(JSON.parse(json).stages[0].command).toContain('yarn\u009b2J\u007f');
  });
});
