import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { runHeadless } from '../../src/headless/run-headless.js';
import { listRuns, readRunRecord } from '../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { startFakeResourceManager } from '../fixtures/fake-resource-manager.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeSetup, readCalls } from './harness.js';

const tempDir = useTempDirs();

function capture() {
  let text = '';
  return { out: { write: (chunk: string) => ((text += chunk), true) }, text: () => text };
}

describe('a stage that dies of OutOfMemoryError (exit 52, thousands of INFO lines after the exception)', () => {
  it('is summed up headless by its cause and a fix to paste, recorded in run.json, and the fix gets past it', async () => {
    const runsDir = tempDir();
    const { plan, env, files } = fakeSetup(runsDir, { behaviour: 'gold=oom:6000', params: { conf: ['spark.driver.memory=2g'] } });
    const { out, text } = capture();
    const code = await runHeadless(plan, { json: false, out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(1);
    const lines = text().trimEnd().split('\n');
    const failed = lines.findIndex((line) => / gold failed: exit code 52, /.test(line));
    expect(failed).toBeGreaterThan(0);
    // A month in one JVM: the fix is a smaller range per JVM, and more heap is named as the other way.
    const fix = `backfill resume ${plan.runId} --chunk gold=week`;
    expect(lines.slice(failed + 1, failed + 6)).toEqual([
      '    cause: java.lang.OutOfMemoryError: Java heap space',
      "    exit 52: Spark's exit code for java.lang.OutOfMemoryError (SparkExitCode.OOM): a JVM ran out of heap",
      '    advice: the driver ran out of heap with spark.driver.memory=2g; a smaller range per JVM needs less (gold in weeks, each its own JVM), or give it 4g (--conf spark.driver.memory=4g)',
      `    fix: ${fix}`,
      `    full log: ${path.join(runsDir, plan.runId)}/logs/gold.log`,
    ]);
    // The shutdown chatter the cause replaces is not repeated.
    expect(lines.some((line) => line.startsWith('    | '))).toBe(false);
    // The end summary names it too.
    expect(lines.slice(-2)).toEqual(['gold failed: java.lang.OutOfMemoryError: Java heap space', `  fix: ${fix}`]);

    const gold = readRunRecord(path.join(runsDir, plan.runId))!.stages.find((stage) => stage.name === 'gold')!;
    expect(gold.failure).toMatchObject({ kind: 'out-of-memory', summary: 'java.lang.OutOfMemoryError: Java heap space', causes: [], fix });
    expect(fs.readFileSync(path.join(runsDir, plan.runId, 'events.ndjson'), 'utf8')).toContain('"type":"failure-cause"');

    // Pasted (with this test's runs folder), the fix is a resume that runs gold again a week per JVM.
    const pasted = fix.split(' ').slice(2);
    const resumed = await resumeCommand([...pasted, '--runs-dir', runsDir, '--headless'], {
      out: textSink().stream,
      err: textSink().stream,
      env: { ...env, FAKE_SPARK_BEHAVIOUR: '' },
    });
    expect(resumed).toBe(0);
    const goldStarts = readCalls(files.calls)
      .map((call) => call.argv.join(' '))
      .filter((argv) => argv.includes('run_gold_pipeline.py'))
      .map((argv) => argv.match(/--start-date (\S+)/)?.[1]);
    expect(goldStarts).toEqual([undefined, '2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29']);
    const again = listRuns(runsDir).find((listed) => listed.id !== plan.runId)!;
    expect(again.record.stages.find((stage) => stage.name === 'gold')).toMatchObject({ status: 'succeeded' });
    expect(again.record.stages.find((stage) => stage.name === 'gold')!.chunks).toHaveLength(5);
    expect(again.record.stages.find((stage) => stage.name === 'gold')!.failure).toBeUndefined();
  });

  it('puts the cause in the --json summary', async () => {
    const { plan, env } = fakeSetup(tempDir(), { behaviour: 'gold=oom:100' });
    const { out, text } = capture();
    expect(await runHeadless(plan, { json: true, out, signals: new EventEmitter(), runner: { env, sparkUi: false } })).toBe(1);
    const parsed = text().trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; stages?: Array<{ name: string; failure?: unknown }> });
    expect(parsed.find((event) => event.type === 'failure-cause')).toMatchObject({ stage: 'gold', cause: { kind: 'out-of-memory' } });
    const summary = parsed.at(-1)!;
    expect(summary.type).toBe('summary');
    expect(summary.stages!.find((stage) => stage.name === 'gold')!.failure).toMatchObject({
      kind: 'out-of-memory',
      summary: 'java.lang.OutOfMemoryError: Java heap space',
      fix: `backfill resume ${plan.runId} --chunk gold=week`,
    });
    expect(summary.stages!.find((stage) => stage.name === 'bronze')!.failure).toBeUndefined();
  });

  it('keeps the last lines under a failure whose log says nothing more than its exit code', async () => {
    const { plan, env } = fakeSetup(tempDir(), { behaviour: 'silver=fail:3' });
    const { out, text } = capture();
    await runHeadless(plan, { json: false, out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    const lines = text().split('\n');
    const failed = lines.findIndex((line) => / silver failed: exit code 3, /.test(line));
    expect(lines[failed + 1]).toBe('    exit 3: failed');
    expect(lines.slice(failed + 2).some((line) => /^ {4}\| .*ERROR FakeSpark: silver failed on purpose/.test(line))).toBe(true);
  });
});

describe('a YARN stage that fails', () => {
  it("asks the ResourceManager once for the application's diagnostics, and names the memory overhead to raise", async () => {
    const app = 'application_1700000000000_0042';
    const diagnostics =
      `Application ${app} failed 2 times due to AM Container for appattempt_1700000000000_0042_000002 exited with exitCode: 1\n` +
      'Failing this attempt.Diagnostics: [2026-12-05 09:30:00.000]Exception from container-launch.';
    const rm = await startFakeResourceManager({ [app]: 'FAILED' }, { diagnostics: { [app]: diagnostics } });
    try {
      const { plan, env } = fakeSetup(tempDir(), {
        behaviour: 'bronze=yarn:1700000000000_0042+yarn-memory',
        params: { master: 'yarn', conf: ['spark.executor.memory=4g'] },
        env: { FAKE_SPARK_RM_URL: rm.url },
      });
      const { out, text } = capture();
      expect(await runHeadless(plan, { json: false, out, signals: new EventEmitter(), runner: { env, sparkUi: false } })).toBe(1);
      const lines = text().split('\n');
      const failed = lines.findIndex((line) => / bronze failed: exit code 1, /.test(line));
      expect(lines.slice(failed + 1, failed + 6)).toEqual([
        expect.stringMatching(/^ {4}cause: .*WARN YarnSchedulerBackend\$YarnSchedulerEndpoint: Requesting driver to remove executor 2 for reason Container killed by YARN for exceeding physical memory limits/),
        '    exit 1: the job or spark-submit failed',
        `    yarn: Application ${app} failed 2 times due to AM Container for appattempt_1700000000000_0042_000002 exited with exitCode: 1 Failing this attempt.Diagnostics: [2026-12-05 09:30:00.000]Exception from container-launch.`,
        expect.stringMatching(/^ {4}advice: YARN killed the executor's container/),
        `    fix: backfill resume ${plan.runId} --conf spark.executor.memoryOverhead=1g`,
      ]);
      expect(rm.calls.filter((call) => call === `GET /ws/v1/cluster/apps/${app}`)).toHaveLength(1);
    } finally {
      await rm.close();
    }
  });
});
