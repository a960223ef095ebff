import { describe, expect, it } from 'vitest';
import { daysInRange, parseChunkSpec, planChunks } from '../../../src/runner/plan/chunks.js';
import { defaultPipeline } from '../../../src/runner/plan/pipeline.js';
import { buildPlan } from '../../../src/runner/plan/plan.js';
import { testParams } from '../../fixtures/params.js';

const ranges = (chunks: { startDate: string; endDate: string }[]) => chunks.map((c) => `${c.startDate}..${c.endDate}`);

describe('parseChunkSpec', () => {
  it('accepts none, month, week and <N>d, and nothing else', () => {
    expect(['none', 'month', 'week', '7d', '1d', ' Month '].map(parseChunkSpec)).toEqual(['none', 'month', 'week', '7d', '1d', 'month']);
    expect(['', 'monthly', '0d', '-3d', '3', 'd', '2.5d', '10000d'].map(parseChunkSpec)).toEqual(Array(8).fill(undefined));
  });
});

describe('planChunks', () => {
  it('cuts calendar months at the range ends, ids are the months', () => {
    const chunks = planChunks('2024-01-15', '2024-04-10', 'month');
    expect(ranges(chunks)).toEqual(['2024-01-15..2024-01-31', '2024-02-01..2024-02-29', '2024-03-01..2024-03-31', '2024-04-01..2024-04-10']);
    expect(chunks.map((chunk) => chunk.id)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
  });

  it('knows leap and common Februaries and crosses a year end', () => {
    expect(ranges(planChunks('2023-02-01', '2023-03-01', 'month'))).toEqual(['2023-02-01..2023-02-28', '2023-03-01..2023-03-01']);
    expect(ranges(planChunks('2000-02-10', '2000-02-29', 'month'))).toEqual(['2000-02-10..2000-02-29']);
    expect(ranges(planChunks('2100-02-27', '2100-03-01', '2d'))).toEqual(['2100-02-27..2100-02-28', '2100-03-01..2100-03-01']);
    expect(ranges(planChunks('2023-12-30', '2024-01-02', 'month'))).toEqual(['2023-12-30..2023-12-31', '2024-01-01..2024-01-02']);
  });

  it('cuts ISO weeks (Monday to Sunday) at the range ends', () => {
    // 2024-01-03 is a Wednesday
    expect(ranges(planChunks('2024-01-03', '2024-01-22', 'week'))).toEqual([
      '2024-01-03..2024-01-07',
      '2024-01-08..2024-01-14',
      '2024-01-15..2024-01-21',
      '2024-01-22..2024-01-22',
    ]);
  });

  it('cuts runs of N days from the start, the last one short', () => {
    expect(ranges(planChunks('2024-02-25', '2024-03-06', '4d'))).toEqual(['2024-02-25..2024-02-28', '2024-02-29..2024-03-03', '2024-03-04..2024-03-06']);
    expect(planChunks('2024-01-01', '2024-01-10', '1d')).toHaveLength(10);
  });

  it('gives one chunk for a single day whatever the spec, and the whole range for none', () => {
    for (const spec of ['month', 'week', '5d', 'none'] as const) {
      expect(ranges(planChunks('2024-02-29', '2024-02-29', spec))).toEqual(['2024-02-29..2024-02-29']);
    }
    expect(ranges(planChunks('2024-01-01', '2024-12-31', 'none'))).toEqual(['2024-01-01..2024-12-31']);
  });

  it('covers every day exactly once', () => {
    for (const spec of ['month', 'week', '3d'] as const) {
      const chunks = planChunks('2023-11-17', '2024-03-09', spec);
      expect(chunks.reduce((sum, chunk) => sum + daysInRange(chunk.startDate, chunk.endDate), 0)).toBe(daysInRange('2023-11-17', '2024-03-09'));
    }
  });

  it('rejects an inverted range', () => {
    expect(() => planChunks('2024-02-02', '2024-02-01', 'month')).toThrow(/before/);
  });
});

describe('buildPlan with chunks', () => {
  it('gives every stage one command per chunk, with its dates and name; stage=size overrides one stage', () => {
    const plan = buildPlan(testParams({ startDate: '2024-01-20', endDate: '2024-02-10', chunk: 'month', stageChunks: { gold: 'none' } }), defaultPipeline, 'RID');
    const [bronze, silver, gold] = plan.stages;
    expect(bronze?.command).toEqual([]);
    expect(bronze?.chunks?.map((chunk) => chunk.id)).toEqual(['2024-01', '2024-02']);
    const second = bronze!.chunks![1]!.command;
    expect(second[second.indexOf('--name') + 1]).toBe('backfill-RID-bronze-2024-02');
    expect(second.slice(second.indexOf('--start-date'), second.indexOf('--start-date') + 4)).toEqual(['--start-date', '2024-02-01', '--end-date', '2024-02-10']);
    const silverChunk = silver!.chunks![1]!.command;
    expect(silverChunk[silverChunk.indexOf('--name') + 1]).toBe('backfill-RID-silver-2024-02');
    expect(silverChunk.slice(silverChunk.indexOf('--mode'))).toEqual([
      '--mode', 'incremental', '--start-date', '2024-02-01', '--end-date', '2024-02-10', '--coverage-from', '2024-02-01', '--coverage-to', '2024-02-10',
    ]);
    expect(gold?.chunks).toBeUndefined();
    expect(gold?.command[gold.command.indexOf('--name') + 1]).toBe('backfill-RID-gold');
  });

  it('gives the dims to the first gold chunk only: --mode all there, --mode facts in the others', () => {
    const plan = buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-01-21', stageChunks: { gold: 'week' } }), defaultPipeline, 'RID');
    const [bronze, silver, gold] = plan.stages;
    expect(bronze?.chunks).toBeUndefined();
    expect(silver?.chunks).toBeUndefined();
    const modes = gold!.chunks!.map((chunk) => chunk.command.slice(chunk.command.indexOf('--mode'), chunk.command.indexOf('--mode') + 6).join(' '));
    expect(modes).toEqual([
      '--mode all --start-date 2024-01-01 --end-date 2024-01-07',
      '--mode facts --start-date 2024-01-08 --end-date 2024-01-14',
      '--mode facts --start-date 2024-01-15 --end-date 2024-01-21',
    ]);
  });

  it('cuts a resumed stage around the days that succeeded, in the new sizes, the range\'s first chunk with the dims', () => {
    const done = { gold: [{ startDate: '2024-01-08', endDate: '2024-01-14' }, { startDate: '2024-01-29', endDate: '2024-02-04' }] };
    const plan = buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-02-10', stageChunks: { gold: '10d' } }), defaultPipeline, 'RID', done);
    const modes = plan.stages[2]!.chunks!.map((chunk) => chunk.command.slice(chunk.command.indexOf('--mode'), chunk.command.indexOf('--mode') + 6).join(' '));
    expect(modes).toEqual([
      '--mode all --start-date 2024-01-01 --end-date 2024-01-07',
      '--mode facts --start-date 2024-01-15 --end-date 2024-01-24',
      '--mode facts --start-date 2024-01-25 --end-date 2024-01-28',
      '--mode facts --start-date 2024-02-05 --end-date 2024-02-10',
    ]);
    const whole = buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-02-10' }), defaultPipeline, 'RID', done).stages[2]!;
    expect(whole.chunks!.map((chunk) => `${chunk.startDate}..${chunk.endDate}`)).toEqual(['2024-01-01..2024-01-07', '2024-01-15..2024-01-28', '2024-02-05..2024-02-10']);
    const allDone = { gold: [{ startDate: '2023-12-01', endDate: '2024-03-01' }] };
    expect(buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-02-10', chunk: 'week' }), defaultPipeline, 'RID', allDone).stages[2]!.chunks).toEqual([]);
  });

  it('keeps --chunk none exactly the single bronze command', () => {
    const plain = buildPlan(testParams(), defaultPipeline, 'RID');
    const none = buildPlan(testParams({ chunk: 'none', parallel: 4 }), defaultPipeline, 'RID');
    expect(none.stages).toEqual(plain.stages);
    expect(plain.stages[0]?.chunks).toBeUndefined();
  });
});
