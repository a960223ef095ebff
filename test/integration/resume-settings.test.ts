import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { listRuns } from '../../src/runner/folder/run-folder.js';
import { mergeConf } from '../../src/lifecycle/resume-settings.js';
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

/** Resumes `run` headless with `flags`, its stages now all succeeding; expects exit 0 and gives what it said. */
async function resumeHeadlessOk(run: ReturnType<typeof fakeRun>, runsDir: string, flags: string[]) {
  const err = textSink();
  const code = await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless', ...flags], {
    out: textSink().stream,
    err: err.stream,
    env: { ...run.env, FAKE_SPARK_BEHAVIOUR: '' },
  });
  expect(code, err.text()).toBe(0);
  return err;
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

  it('puts the new run in the runs dir the old one was found in, when that folder has moved since', async () => {
    const { runsDir, run } = await failedRun();
    const moved = path.join(tempDir(), 'runs-moved');
    renameSync(runsDir, moved);
    const err = textSink();
    // The fake spark-submit keeps its state beside the runs: it moved with them.
    const env = { ...run.env, FAKE_SPARK_BEHAVIOUR: '', FAKE_SPARK_CALLS_FILE: path.join(moved, 'calls.ndjson'), FAKE_SPARK_STATE_DIR: moved };
    const code = await resumeCommand([run.plan.runId, '--runs-dir', moved, '--headless'], { out: textSink().stream, err: err.stream, env });
    expect(code, err.text()).toBe(0);
    const resumed = listRuns(moved).find((listed) => listed.id !== run.plan.runId);
    expect(resumed?.record.params.runsDir).toBe(moved);
    expect(existsSync(runsDir)).toBe(false); // the recorded folder is not made again
  });

  it('does not say a flag changed the run when it was given the value the run had', async () => {
    const { runsDir, run } = await failedRun();
    const err = textSink();
    const code = await resumeCommand(
      [run.plan.runId, '--runs-dir', runsDir, '--headless', '--spark-submit', run.plan.params.sparkSubmit[0]!, '--retries', '1'],
      { out: textSink().stream, err: err.stream, env: { ...run.env, FAKE_SPARK_BEHAVIOUR: '' } },
    );
    expect(code).toBe(0);
    expect(err.text()).toMatch(/resuming run .* with --retries changed: silver, gold run again/);
  });

  it('takes --chunk: what failed runs again in the new chunk sizes, what succeeded is kept as it ran', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { behaviour: 'gold=fail:52', params: { startDate: '2024-01-01', endDate: '2024-02-29' } });
    expect((await run.runner.start()).status).toBe('failed');
    const err = await resumeHeadlessOk(run, runsDir, ['--chunk', 'gold=month']);
    expect(err.text()).toMatch(/with --chunk changed: gold runs? again/);
    const resumed = listRuns(runsDir).find((listed) => listed.id !== run.plan.runId)!.record;
    expect(resumed.params).toMatchObject({ stageChunks: { gold: 'month' } });
    expect(resumed.params.chunk).toBeUndefined();
    expect(resumed.stages.map((stage) => [stage.name, stage.status, stage.chunks?.map((chunk) => chunk.id)])).toEqual([
      ['bronze', 'succeeded', undefined],
      ['silver', 'succeeded', undefined],
      ['gold', 'succeeded', ['2024-01', '2024-02']],
    ]);
    const goldCalls = readCalls(run.files.calls).filter((call) => call.argv.join(' ').includes('run_gold_pipeline'));
    expect(goldCalls.map((call) => call.argv.join(' ').match(/--start-date (\S+)/)?.[1])).toEqual([undefined, '2024-01-01', '2024-02-01']);
  });

  it('takes --chunk on a stage run in chunks: the succeeded chunks are kept, only the days they leave run again', async () => {
    const runsDir = tempDir();
    const params = { startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month' as const };
    const run = fakeRun(runsDir, { behaviour: 'gold-2024-02=fail:52', params });
    expect((await run.runner.start()).status).toBe('failed');
    const callsBefore = readCalls(run.files.calls).length;
    await resumeHeadlessOk(run, runsDir, ['--chunk', 'gold=14d']);
    const resumed = listRuns(runsDir).find((listed) => listed.id !== run.plan.runId)!.record;
    expect(resumed.params, 'gold=14d changes gold only: the other stages keep --chunk month').toMatchObject({ chunk: 'month', stageChunks: { gold: '14d' } });
    const gold = resumed.stages.find((stage) => stage.name === 'gold')!;
    expect(gold.status).toBe('succeeded');
    expect(gold.chunks!.map((chunk) => [chunk.id, chunk.startDate, chunk.endDate, chunk.status])).toEqual([
      ['2024-01', '2024-01-01', '2024-01-31', 'succeeded'],
      ['2024-02-01', '2024-02-01', '2024-02-14', 'succeeded'],
      ['2024-02-15', '2024-02-15', '2024-02-28', 'succeeded'],
      ['2024-02-29', '2024-02-29', '2024-02-29', 'succeeded'],
      ['2024-03', '2024-03-01', '2024-03-31', 'succeeded'],
    ]);
    const rerun = readCalls(run.files.calls).slice(callsBefore).map((call) => call.argv.join(' '));
    expect(rerun.map((argv) => `${/run_(\w+)_pipeline/.exec(argv)?.[1]} ${/--mode (\w+)/.exec(argv)?.[1]} ${/--start-date (\S+)/.exec(argv)?.[1]}`)).toEqual([
      'gold facts 2024-02-01',
      'gold facts 2024-02-15',
      'gold facts 2024-02-29',
    ]);
  });

  it('refuses data settings with exit 2 and says that resume keeps them', async () => {
    const { runsDir, run } = await failedRun();
    const err = textSink();
    const code = await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless', '--start-date', '2024-02-01', '--warehouse', '/x'], { out: textSink().stream, err: err.stream });
    expect(code).toBe(2);
    expect(err.text()).toContain("--start-date, --warehouse: resume keeps the old run's data settings");
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--chunk', 'fortnight'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('--chunk');
    expect(listRuns(runsDir)).toHaveLength(1); // nothing started
  });

  it('checks changed settings as a new backfill would', async () => {
    const { runsDir, run } = await failedRun();
    const err = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--parallel', '0x10', '--conf', 'nonsense'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('--parallel 0x10 is not a number of chunks at once');
    expect(err.text()).toContain('--conf nonsense is not key=value');
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--parallel', '3.0', '--retries', '03'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('--parallel 3.0 is not a number of chunks at once; use a whole number from 1 to 64 in plain digits');
    expect(err.text()).toContain('--retries 03 is not a number of retries; use a whole number from 0 to 20 in plain digits');
    expect(listRuns(runsDir)).toHaveLength(1);
  });
});

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('backfill resume says what it refuses terminal-safe', () => {
  it('a runs dir of escape sequences and bidi controls, and a conf key from the old run.json, reach stderr without them', async () => {
    const err = textSink();
    const hostileDir = path.join(tempDir(), 'runs\u001b]0;PWNED\u0007\u202edir');
    expect(await resumeCommand(['20261120-010000-none', '--runs-dir', hostileDir], { out: textSink().stream, err: err.stream })).toBe(2);
    // The runs dir is named escaped, whole (shownWhole): what it holds is visible, and none of it acts.
    expect(err.text()).toMatch(/^backfill: no run 20261120-010000-none in .*runs\\x1b\]0;PWNED\\x07\\u202edir\. See backfill history\.\n$/);
    expect(err.text()).not.toMatch(UNSAFE);

    const runsDir = tempDir();
    const run = fakeRun(runsDir, { behaviour: 'silver=fail:137', params: { conf: ['spark.\u001b[2J\u202ex.password=hunter2'] } });
    expect((await run.runner.start()).status).toBe('failed');
    const refused = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir], { out: textSink().stream, err: refused.stream })).toBe(2);
    expect(refused.text()).toContain('backfill resume: --conf spark.\\x1b[2J\\u202ex.password was recorded redacted');
    expect(refused.text()).not.toMatch(UNSAFE);
  });
});

describe('backfill resume --dry-run', () => {
  it('prints what the resume would run, the kept stages named, and starts, stops and writes nothing', async () => {
    const { runsDir, run } = await failedRun();
    const calls = readCalls(run.files.calls).length;
    const out = textSink();
    const err = textSink();
    const code = await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--dry-run', '--conf', 'spark.driver.memory=8g'], { out: out.stream, err: err.stream });
    expect(code, err.text()).toBe(0);
    const text = out.text();
    expect(text).toMatch(new RegExp(`^Resume of run ${run.plan.runId} as run \\S+: silver, gold run again\\.\n`));
    expect(text).toContain(`  bronze  (succeeded in run ${run.plan.runId}: kept)`);
    expect(text).toMatch(/ {2}silver {2}\S+ .*--conf spark\.driver\.memory=8g .*run_silver_pipeline\.py/);
    expect(text).toMatch(/ {2}gold {4}\S+ .*run_gold_pipeline\.py/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('Dry run: nothing started.');
    expect(listRuns(runsDir).map((listed) => listed.id)).toEqual([run.plan.runId]);
    expect(readdirSync(run.runDir)).not.toContain('resumed-by.json');
    expect(readCalls(run.files.calls)).toHaveLength(calls);

    const json = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--dry-run', '--json'], { out: json.stream, err: textSink().stream })).toBe(0);
    const plan = JSON.parse(json.text());
    expect(plan).toMatchObject({ type: 'plan', resumes: run.plan.runId, stages: [{ name: 'bronze', kept: true }, { name: 'silver', selected: true }, { name: 'gold', selected: true }] });
    expect(plan.stages[1].command.join(' ')).toContain('run_silver_pipeline.py');
    expect(listRuns(runsDir)).toHaveLength(1);
  });
});

describe('backfill resume with a bad flag', () => {
  it('says a dash-led value in one line with the way to give it, and then checks that value as --chunk', async () => {
    const { runsDir, run } = await failedRun();
    const attempt = resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--chunk', '-1d'], { out: textSink().stream, err: textSink().stream });
    await expect(attempt).rejects.toThrow(/^--chunk needs a value \(-1d reads as an option\); write --chunk <value>, or --chunk=-1d if that is the value\. Usage: backfill resume/);
    await attempt.catch((error: Error) => expect(error.message).not.toMatch(/\n|\\x0a/));
    const err = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--chunk=-1d'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toMatch(/^backfill resume: --chunk -1d /);
    expect(listRuns(runsDir)).toHaveLength(1);
  });

  it('answers a bad flag as such on a run that was resumed already', async () => {
    const { runsDir, run } = await failedRun();
    const quiet = { out: textSink().stream, err: textSink().stream, env: { ...run.env, FAKE_SPARK_BEHAVIOUR: '' } };
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless'], quiet)).toBe(0);
    const err = textSink();
    expect(await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--chunk', 'fortnight'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toMatch(/--chunk fortnight/);
    expect(err.text()).not.toMatch(/resumed already/);
  });
});

describe('mergeConf', () => {
  it('lays new entries over old ones by key', () => {
    expect(mergeConf(['a=1', 'b=2'], ['b=3', 'c=4'])).toEqual(['a=1', 'b=3', 'c=4']);
  });
});
