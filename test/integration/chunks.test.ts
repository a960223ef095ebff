import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, readRunRecord } from '../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { calledNames, eventsOfType, fakeRun } from './harness.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const tempDir = useTempDirs();
// Bronze in chunks, silver and gold whole: what the tests of a chunked stage's mechanics need.
const SIX_MONTHS = { startDate: '2024-01-01', endDate: '2024-06-30', chunk: 'month' as const, stageChunks: { silver: 'none' as const, gold: 'none' as const } };

const chunkStatuses = (record: { stages: { name: string; chunks?: { id: string; status: string }[] }[] }) =>
  Object.fromEntries((record.stages[0]?.chunks ?? []).map((chunk) => [chunk.id, chunk.status]));

/** Most chunks running at once, from the chunk-level start and finish events. */
function peakConcurrency(events: RunEvent[]): number {
  let running = 0;
  let peak = 0;
  for (const event of events) {
    if (event.type === 'chunk-started') peak = Math.max(peak, ++running);
    if (event.type === 'chunk-finished') running--;
  }
  return peak;
}

describe('every stage in chunks', () => {
  it('runs silver and gold in chunks too, after bronze, --parallel at once, gold with the dims in its first chunk', async () => {
    const run = fakeRun(tempDir(), { params: { startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month', stageChunks: { gold: 'week' }, parallel: 2 } });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');
    expect(record.stages.map((stage) => [stage.name, stage.chunks?.length])).toEqual([['bronze', 3], ['silver', 3], ['gold', 13]]);
    const calls = fs.readFileSync(run.files.calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[] });
    const stageOf = (argv: string[]) => /-(bronze|silver|gold)-/.exec(argv[argv.indexOf('--name') + 1]!)![1];
    // Stages in order: every bronze chunk before any silver one, every silver chunk before any gold one.
    expect(calls.map((call) => stageOf(call.argv))).toEqual([...Array(3).fill('bronze'), ...Array(3).fill('silver'), ...Array(13).fill('gold')]);
    expect(peakConcurrency(run.events)).toBe(2);
    const gold = calls.filter((call) => stageOf(call.argv) === 'gold').map((call) => call.argv);
    expect(gold.filter((argv) => argv[argv.indexOf('--mode') + 1] === 'all')).toHaveLength(1);
    expect(gold.find((argv) => argv.includes('all'))).toContain('2024-01-01');
  });
});

describe('a chunked bronze stage', () => {
  it('runs chunks 3 at a time; a failed chunk leaves the others running to success; retry re-runs only it', async () => {
    const run = fakeRun(tempDir(), {
      // 2024-02 fails at once, while its neighbours are still running
      behaviour: 'bronze=slow:1000,bronze-2024-02=fail-once:5+slow:0',
      params: { ...SIX_MONTHS, parallel: 3 },
    });
    const first = await run.runner.start();

    expect(first.status).toBe('failed');
    expect(first.stages.map((stage) => stage.status)).toEqual(['failed', 'pending', 'pending']);
    expect(first.stages[0]?.exitCode).toBe(5);
    expect(chunkStatuses(first)).toEqual({
      '2024-01': 'succeeded',
      '2024-02': 'failed',
      '2024-03': 'succeeded',
      '2024-04': 'succeeded',
      '2024-05': 'succeeded',
      '2024-06': 'succeeded',
    });
    expect(peakConcurrency(run.events)).toBe(3);
    const chunkEnds = eventsOfType(run.events, 'chunk-finished');
    expect(chunkEnds[0]).toMatchObject({ chunk: '2024-02', status: 'failed', exitCode: 5 });
    // each chunk its own submit, with its own name and dates
    const names = calledNames(run.files.calls);
    expect([...names].sort()).toEqual(['01', '02', '03', '04', '05', '06'].map((m) => `backfill-${run.plan.runId}-bronze-2024-${m}`));

    run.runner.send({ type: 'retry', stage: 'bronze' });
    await run.runner.whenIdle();
    const record = run.runner.record;
    expect(record.status).toBe('succeeded');
    expect(record.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(Object.values(chunkStatuses(record))).toEqual(Array(6).fill('succeeded'));
    expect(calledNames(run.files.calls).slice(6)).toEqual(
      ['bronze-2024-02', 'silver', 'gold'].map((name) => `backfill-${run.plan.runId}-${name}`),
    );
    expect(eventsOfType(run.events, 'stage-retry')).toMatchObject([{ stage: 'bronze', chunks: ['2024-02'] }]);
    expect(readRunRecord(run.runDir)).toEqual(record);

    const log = fs.readFileSync(path.join(run.runDir, 'logs', 'bronze', '2024-02.log'), 'utf8');
    expect(log).toMatch(/bronze failed on purpose[\s\S]*=== retry [\dT:.Z-]+ ===[\s\S]*BACKFILL_RESULT/);
    const april = fs.readFileSync(path.join(run.runDir, 'logs', 'bronze', '2024-04.log'), 'utf8');
    expect(april).not.toContain('retry');
    const retriedArgv = fs.readFileSync(run.files.calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line))[6].argv;
    expect(retriedArgv.slice(retriedArgv.indexOf('--start-date'), retriedArgv.indexOf('--start-date') + 4)).toEqual([
      '--start-date', '2024-02-01', '--end-date', '2024-02-29',
    ]);
  });

  it('journals chunk events of their own, and one stage-level end after them (no synthetic stage start)', async () => {
    const run = fakeRun(tempDir(), { params: { startDate: '2024-01-30', endDate: '2024-02-02', chunk: 'month', parallel: 2, stages: ['bronze'] } });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');
    const journal = readEvents(run.runDir);
    const bronze = journal.filter((event) => 'stage' in event && event.stage === 'bronze');
    expect(bronze.filter((event) => event.type === 'stage-started')).toEqual([]);
    expect(bronze[0]).toMatchObject({ type: 'chunk-started' });
    expect(bronze.at(-1)).toMatchObject({ type: 'stage-finished', status: 'succeeded', exitCode: 0 });
    expect(bronze.at(-1)).not.toHaveProperty('chunk');
    const chunkEvents = bronze.filter((event) => event.type.startsWith('chunk-'));
    expect(new Set(chunkEvents.map((event) => (event as { chunk: string }).chunk))).toEqual(new Set(['2024-01', '2024-02']));
    expect(chunkEvents.filter((event) => event.type === 'chunk-progress').length).toBeGreaterThan(0);
    expect(bronze.filter((event) => event.type.startsWith('stage-') && event.type !== 'stage-finished' && !('chunk' in event))).toEqual([]);
    const calls = fs.readFileSync(run.files.calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(calls.map((call) => call.env.BACKFILL_STAGE)).toEqual(['bronze', 'bronze']);
  });

  it('with failFast stops the running chunks at the first failure and starts no more', async () => {
    const run = fakeRun(tempDir(), {
      behaviour: 'bronze=slow:30000,bronze-2024-01=fail:3+slow:0',
      params: { startDate: '2024-01-01', endDate: '2024-04-30', chunk: 'month', parallel: 2, failFast: true },
    });
    const record = await run.runner.start();
    expect(record.stages[0]?.status).toBe('failed');
    expect(chunkStatuses(record)).toEqual({ '2024-01': 'failed', '2024-02': 'aborted', '2024-03': 'pending', '2024-04': 'pending' });
    // 2024-02 may be stopped before it got as far as logging its call, so count starts, not calls
    expect(eventsOfType(run.events, 'chunk-started').map((event) => event.chunk)).toEqual(['2024-01', '2024-02']);
    expect(eventsOfType(run.events, 'chunk-stopping')).toMatchObject([{ stage: 'bronze', chunk: '2024-02', reason: 'abort', signal: 'SIGTERM' }]);
  });

  it('skips the whole chunked stage: running chunks stopped, pending ones skipped, the next stage runs', async () => {
    const run = fakeRun(tempDir(), {
      behaviour: 'bronze=slow:30000',
      params: { startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month', stages: ['bronze', 'silver'] },
    });
    run.runner.subscribe((event) => {
      if (event.type === 'chunk-started' && event.chunk === '2024-01') run.runner.send({ type: 'skip', stage: 'bronze' });
    });
    const record = await run.runner.start();
    expect(record.stages.map((stage) => stage.status)).toEqual(['skipped', 'succeeded', 'skipped']);
    expect(chunkStatuses(record)).toEqual({ '2024-01': 'skipped', '2024-02': 'skipped', '2024-03': 'skipped' });
    expect(record.status).toBe('succeeded');
  });
});
