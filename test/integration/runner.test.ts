import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, readRunRecord } from '../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { isProcessAlive, liveProcessesOfGroup } from '../fixtures/processes.js';
import { eventsOfType, fakeRun } from './harness.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const tempDir = useTempDirs();
const statuses = (record: { stages: { name: string; status: string }[] }) =>
  Object.fromEntries(record.stages.map((stage) => [stage.name, stage.status]));

describe('Runner with the fake spark-submit', () => {
  it('runs all stages in order and records the run', async () => {
    const run = fakeRun(tempDir(), { params: { warehouse: '/tmp/wh' } });
    const record = await run.runner.start();

    expect(record.status).toBe('succeeded');
    expect(statuses(record)).toEqual({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' });
    expect(record.stages.map((stage) => stage.exitCode)).toEqual([0, 0, 0]);
    expect(readRunRecord(run.runDir)).toEqual(record);

    const calls = fs.readFileSync(run.files.calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(calls.map((call) => call.argv[call.argv.indexOf('--name') + 1])).toEqual(
      ['bronze', 'silver', 'gold'].map((stage) => `backfill-${run.plan.runId}-${stage}`),
    );
    expect(calls[0].env).toEqual({
      BACKFILL_RUN_ID: run.plan.runId,
      BACKFILL_STAGE: 'bronze',
      WAREHOUSE_URI: '/tmp/wh',
      BACKFILL_REQUEST_BUDGET: path.join(run.runDir, 'request-budget.json'),
    });

    const output = eventsOfType(run.events, 'stage-output').flatMap((event) => event.lines);
    expect(output).toContain(
      output.find((line) => line.endsWith("INFO Utils: Successfully started service 'SparkUI' on port 4040.")),
    );
    expect(output.some((line) => line.includes('[Stage'))).toBe(false);
    expect(eventsOfType(run.events, 'spark-progress').length).toBeGreaterThan(0);
    expect(eventsOfType(run.events, 'stage-progress').at(-1)?.progress).toEqual({ done: 4, total: 4, unit: 'location-months' });

    const bronzeLog = fs.readFileSync(path.join(run.runDir, 'logs', 'bronze.log'), 'utf8');
    expect(bronzeLog).toContain('\r[Stage 3:');
    expect(bronzeLog).toContain('BACKFILL_RESULT {"stage": "bronze", "status": "ok", "rows_written"');

    const journal = readEvents(run.runDir).map((event) => event.type);
    expect(journal[0]).toBe('run-started');
    expect(journal.at(-1)).toBe('run-finished');
    expect(journal).not.toContain('stage-output');
    expect(journal.filter((type) => type === 'stage-finished')).toHaveLength(3);
  });

  it('stops at a failing stage and leaves the rest pending', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'bronze=fail:3' });
    const record = await run.runner.start();
    expect(record.status).toBe('failed');
    expect(statuses(record)).toEqual({ bronze: 'failed', silver: 'pending', gold: 'pending' });
    expect(record.stages[0]?.exitCode).toBe(3);
    expect(fs.readFileSync(run.files.calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('goes on after a failure with continueOnFailure, and still reports the run failed', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'silver=fail:2', params: { continueOnFailure: true } });
    const record = await run.runner.start();
    expect(statuses(record)).toEqual({ bronze: 'succeeded', silver: 'failed', gold: 'succeeded' });
    expect(record.status).toBe('failed');
  });

  it('runs only the selected stages', async () => {
    const run = fakeRun(tempDir(), { params: { stages: ['silver'] } });
    const record = await run.runner.start();
    expect(statuses(record)).toEqual({ bronze: 'skipped', silver: 'succeeded', gold: 'skipped' });
    expect(record.status).toBe('succeeded');
  });

  it('skips the running stage and goes on with the next', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'silver=slow:60000' });
    run.runner.subscribe((event) => {
      if (event.type === 'stage-started' && event.stage === 'silver') run.runner.send({ type: 'skip', stage: 'silver' });
    });
    const record = await run.runner.start();
    expect(statuses(record)).toEqual({ bronze: 'succeeded', silver: 'skipped', gold: 'succeeded' });
    expect(record.status).toBe('succeeded');
    expect(eventsOfType(run.events, 'stage-stopping')).toMatchObject([{ stage: 'silver', reason: 'skip', signal: 'SIGTERM' }]);
  });

  it('skips a pending stage', async () => {
    const run = fakeRun(tempDir());
    run.runner.subscribe((event) => {
      if (event.type === 'stage-started' && event.stage === 'bronze') run.runner.send({ type: 'skip', stage: 'gold' });
    });
    const record = await run.runner.start();
    expect(statuses(record)).toEqual({ bronze: 'succeeded', silver: 'succeeded', gold: 'skipped' });
    expect(fs.readFileSync(run.files.calls, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('retries a failed stage after the run finished, then runs the stages after it', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'bronze=fail-once:4' });
    const first = await run.runner.start();
    expect(statuses(first)).toEqual({ bronze: 'failed', silver: 'pending', gold: 'pending' });

    run.runner.send({ type: 'retry', stage: 'bronze' });
    await run.runner.whenIdle();
    const record = run.runner.record;
    expect(record.status).toBe('succeeded');
    expect(statuses(record)).toEqual({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' });
    expect(readRunRecord(run.runDir)).toEqual(record);

    const types = run.events.map((event) => event.type).filter((type) => type !== 'stage-output' && type !== 'job-result' && !type.endsWith('progress') && !type.startsWith('spark-'));
    expect(types.slice(types.indexOf('stage-retry'))).toEqual([
      'stage-retry',
      'stage-started',
      'stage-finished',
      'stage-started',
      'stage-finished',
      'stage-started',
      'stage-finished',
      'run-finished',
    ]);
    expect(eventsOfType(run.events, 'run-finished').map((event) => event.status)).toEqual(['failed', 'succeeded']);
    const log = fs.readFileSync(path.join(run.runDir, 'logs', 'bronze.log'), 'utf8');
    expect(log).toMatch(/bronze failed on purpose[\s\S]*\n=== retry \d{4}-\d\d-\d\dT[\d:.]+Z ===\n[\s\S]*BACKFILL_RESULT/);
  });

  it('ignores a retry of a stage that did not fail', async () => {
    const run = fakeRun(tempDir(), { params: { stages: ['bronze'] } });
    await run.runner.start();
    run.runner.send({ type: 'retry', stage: 'bronze' });
    await run.runner.whenIdle();
    expect(eventsOfType(run.events, 'stage-retry')).toEqual([]);
  });

  it('kills grandchildren left behind by a stage that exited by itself', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'bronze=grandchildren', params: { stages: ['bronze'] } });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');
    const pid = eventsOfType(run.events, 'stage-started')[0]!.pid!;
    const grandchildren = fs.readFileSync(run.files.pids, 'utf8').trim().split('\n').map(Number);
    expect(grandchildren).toHaveLength(2);
    expect(grandchildren.filter((pid) => isProcessAlive(pid))).toEqual([]);
    expect(liveProcessesOfGroup(pid)).toEqual([]);
  });

  it('fails a stage whose submit command does not exist', async () => {
    const run = fakeRun(tempDir(), { params: { sparkSubmit: ['/nonexistent/spark-submit'] } });
    const record = await run.runner.start();
    expect(statuses(record)).toEqual({ bronze: 'failed', silver: 'pending', gold: 'pending' });
    expect(fs.readFileSync(path.join(run.runDir, 'logs', 'bronze.log'), 'utf8')).toMatch(/ENOENT|nonexistent/);
  });

  it('lets a listener see every event in order, starting with run-started', async () => {
    const run = fakeRun(tempDir(), { params: { stages: ['gold'] } });
    await run.runner.start();
    const types = run.events.map((event: RunEvent) => event.type);
    expect(types[0]).toBe('run-started');
    expect(types.indexOf('stage-started')).toBeLessThan(types.indexOf('stage-output'));
    expect(types.at(-1)).toBe('run-finished');
  });
});
