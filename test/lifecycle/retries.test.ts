import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAttempts } from '../../src/lifecycle/retrying-stage.js';
import { createRunner } from '../../src/lifecycle/create-runner.js';
import { stageLogFiles } from '../../src/lifecycle/log-files.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { calledNames, eventsOfType, fakeSetup } from '../integration/harness.js';
import type { RunEvent } from '../../src/runner/run/events.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

const tempDir = useTempDirs();

function retryingRun(runsDir: string, behaviour: string, params: Partial<RunParams>) {
  const setup = fakeSetup(runsDir, { behaviour, params });
  const runner = createRunner(setup.plan, { sparkUi: false, env: setup.env });
  const events: RunEvent[] = [];
  runner.subscribe((event) => events.push(event));
  return { ...setup, runner, events };
}

describe('--retries', () => {
  it('starts a failed stage again after the delay, each attempt with its own log, recorded in the run', async () => {
    const runsDir = tempDir();
    const run = retryingRun(runsDir, 'silver=fail-once:3', { retries: 2, retryDelaySeconds: 0.05 });
    const record = await run.runner.start();

    expect(record.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(calledNames(run.files.calls).map((name) => name.split('-').at(-1))).toEqual(['bronze', 'silver', 'silver', 'gold']);
    // One stage to the runner: one start and one end, whatever the attempts.
    expect(eventsOfType(run.events, 'stage-started').filter((event) => event.stage === 'silver')).toHaveLength(1);
    expect(eventsOfType(run.events, 'stage-output').flatMap((event) => event.lines)).toContainEqual(
      expect.stringMatching(/^\[backfill\] attempt 1 of 3 failed \(exit 3\); attempt 2 in 0.05s, log logs\/silver.attempt-2.log$/),
    );

    expect(readAttempts(run.runDir).records.map(({ stage, attempt, exitCode, logFile }) => [stage, attempt, exitCode, logFile])).toEqual([
      ['bronze', 1, 0, 'logs/bronze.log'],
      ['silver', 1, 3, 'logs/silver.log'],
      ['silver', 2, 0, 'logs/silver.attempt-2.log'],
      ['gold', 1, 0, 'logs/gold.log'],
    ]);
    expect(fs.readFileSync(path.join(run.runDir, 'logs', 'silver.log'), 'utf8')).toContain('silver failed on purpose');
    expect(fs.readFileSync(path.join(run.runDir, 'logs', 'silver.attempt-2.log'), 'utf8')).toContain('BACKFILL_RESULT');
    expect(stageLogFiles(run.runDir, record.stages[1]!).map((file) => path.basename(file))).toEqual(['silver.log', 'silver.attempt-2.log']);
  });

  it('gives up after the last attempt: the stage fails with its exit code', async () => {
    const run = retryingRun(tempDir(), 'bronze=fail:4', { retries: 1, retryDelaySeconds: 0 });
    const record = await run.runner.start();
    expect(record.stages[0]).toMatchObject({ status: 'failed', exitCode: 4 });
    expect(readAttempts(run.runDir).records.map((attempt) => attempt.attempt)).toEqual([1, 2]);
  });

  it('an abort while waiting for the next attempt starts no more attempts', async () => {
    const run = retryingRun(tempDir(), 'bronze=fail:4', { retries: 5, retryDelaySeconds: 60 });
    run.runner.subscribe((event) => {
      if (event.type === 'stage-output' && event.lines.some((line) => line.startsWith('[backfill] attempt 1 of 6 failed'))) {
        run.runner.send({ type: 'abort' });
      }
    });
    const record = await run.runner.start();
    expect(record.stages[0]!.status).toBe('aborted');
    expect(calledNames(run.files.calls)).toHaveLength(1);
  });
});
