import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { listRuns } from '../../src/runner/run-folder.js';
import { mergeConf } from '../../src/runs/resume-settings.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun, readCalls } from './harness.js';

const tempDir = useTempDirs();

async function failedRun() {
  const runsDir = tempDir();
  const run = fakeRun(runsDir, { behaviour: 'silver=fail:137', params: { conf: ['spark.driver.memory=2g', 'spark.sql.shuffle.partitions=8'] } });
  expect((await run.runner.start()).status).toBe('failed');
  return { runsDir, run };
}

describe('backfill resume with changed execution settings', () => {
  it('takes --conf (over the old value), --retries and --grace, records them in the new run, and uses them', async () => {
    const { runsDir, run } = await failedRun();
    const err = textSink();
    const code = await resumeCommand(
      [run.plan.runId, '--runs-dir', runsDir, '--headless', '--conf', 'spark.driver.memory=8g', '--retries', '1', '--retry-delay', '0', '--grace', '5'],
      { out: textSink().stream, err: err.stream, env: { ...run.env, FAKE_SPARK_BEHAVIOUR: '' } },
    );
    expect(code).toBe(0);
    expect(err.text()).toMatch(/resuming run .* with --conf, --retries, --retry-delay, --grace changed: silver, gold run again/);
    const resumed = listRuns(runsDir).find((listed) => listed.id !== run.plan.runId);
    expect(resumed!.record.params).toMatchObject({
      conf: ['spark.sql.shuffle.partitions=8', 'spark.driver.memory=8g'],
      retries: 1,
      retryDelaySeconds: 0,
      graceSeconds: 5,
      startDate: run.plan.params.startDate,
      stages: run.plan.params.stages,
    });
    const silverCall = readCalls(run.files.calls).filter((call) => call.argv.join(' ').includes('silver')).at(-1)!;
    expect(silverCall.argv.join(' ')).toContain('--conf spark.driver.memory=8g');
    expect(silverCall.argv.join(' ')).not.toContain('spark.driver.memory=2g');
  });

  it('refuses data settings with exit 2 and says that resume keeps them', async () => {
    const { runsDir, run } = await failedRun();
    const err = textSink();
    const code = await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless', '--start-date', '2024-02-01', '--warehouse', '/x'], { out: textSink().stream, err: err.stream });
    expect(code).toBe(2);
    expect(err.text()).toContain("--start-date, --warehouse: resume keeps the old run's data settings");
    expect(listRuns(runsDir)).toHaveLength(1); // nothing started
  });

  it('checks changed settings as a new backfill would', async () => {
    const { runsDir, run } = await failedRun();
    const err = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--parallel', '0x10', '--conf', 'nonsense'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('--parallel (not a number)');
    expect(err.text()).toContain('--conf nonsense is not key=value');
    expect(listRuns(runsDir)).toHaveLength(1);
  });
});

describe('mergeConf', () => {
  it('lays new entries over old ones by key', () => {
    expect(mergeConf(['a=1', 'b=2'], ['b=3', 'c=4'])).toEqual(['a=1', 'b=3', 'c=4']);
  });
});
