import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { createRunner } from '../../src/lifecycle/create-runner.js';
import type { RunRecord } from '../../src/runner/run/run-types.js';
import { planResumeAsNewRun } from '../../src/lifecycle/resume-plan.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { calledNames, fakeRun } from './harness.js';

const tempDir = useTempDirs();

function planResume(previous: RunRecord) {
  const resume = planResumeAsNewRun(previous);
  if (!resume.ok) throw new Error(resume.message);
  return resume;
}

describe('resuming a run', () => {
  it('re-runs only the chunks and stages that did not succeed, in a new run with the same parameters', async () => {
    const runsDir = tempDir();
    const first = fakeRun(runsDir, {
      behaviour: 'bronze-2024-02=fail:5',
      params: { startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month', stageChunks: { silver: 'none', gold: 'none' }, parallel: 3 },
    });
    const failed = await first.runner.start();
    expect(failed.status).toBe('failed');
    expect(calledNames(first.files.calls)).toHaveLength(3);

    const previous = readRunRecord(first.runDir);
    const { plan, rerun } = planResume(previous);
    expect(rerun).toEqual(['bronze', 'silver', 'gold']);
    expect(plan.runId).not.toBe(previous.id);
    expect(plan.params).toEqual(previous.params);
    const resumed = createRunner(plan, { resume: previous, sparkUi: false, env: { ...first.env, FAKE_SPARK_BEHAVIOUR: '' } });
    const record = await resumed.start();

    expect(record.status).toBe('succeeded');
    expect(record.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(calledNames(first.files.calls).slice(3)).toEqual(
      ['bronze-2024-02', 'silver', 'gold'].map((name) => `backfill-${plan.runId}-${name}`),
    );
    const january = (r: typeof record) => r.stages[0]!.chunks!.find((chunk) => chunk.id === '2024-01');
    expect(january(record)).toEqual(january(failed)); // kept as it was, not run again
    expect(readRunRecord(resumed.runDir!)).toEqual(record);
    expect(readRunRecord(first.runDir)).toEqual(failed); // the old run's folder is left as it was
    const log = fs.readFileSync(path.join(resumed.runDir!, 'logs', 'bronze', '2024-02.log'), 'utf8');
    expect(log).toMatch(/BACKFILL_RESULT/);
  });

  it('keeps a whole stage that succeeded', async () => {
    const runsDir = tempDir();
    const first = fakeRun(runsDir, { behaviour: 'silver=fail:2' });
    await first.runner.start();
    const previous = readRunRecord(first.runDir);
    const { plan } = planResume(previous);
    const record = await createRunner(plan, { resume: previous, sparkUi: false, env: { ...first.env, FAKE_SPARK_BEHAVIOUR: '' } }).start();
    expect(record.status).toBe('succeeded');
    expect(calledNames(first.files.calls).map((name) => name.split('-').at(-1))).toEqual(['bronze', 'silver', 'silver', 'gold']);
  });
});
