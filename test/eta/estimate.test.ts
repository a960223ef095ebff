import { describe, expect, it } from 'vitest';
import { estimateRun, estimateStage, MIN_RATE_WINDOW_MS, rateEstimate, type ProcessState, type StageState } from '../../src/eta/estimate.js';
import type { EtaHistory } from '../../src/eta/eta-history.js';

const history: EtaHistory = { stageMsPerDay: { bronze: 10_000, silver: 2_000 }, chunkMsPerDay: { bronze: 3_000 } };
const T0 = 1_000_000;

function process(overrides: Partial<ProcessState> = {}): ProcessState {
  return { status: 'pending', startedAtMs: null, days: 10, firstSample: null, lastSample: null, total: null, durationMs: null, ...overrides };
}
const stage = (name: string, overrides: Partial<StageState> = {}): StageState => ({ ...process(overrides), name, ...overrides });

describe('rateEstimate', () => {
  it('needs progress that has moved over a long enough window', () => {
    const first = { atMs: T0, done: 0 };
    expect(rateEstimate(process({ firstSample: first, lastSample: { atMs: T0 + 5_000, done: 2 }, total: 10 }), T0 + 5_000)).toBeUndefined();
    expect(rateEstimate(process({ firstSample: first, lastSample: { atMs: T0 + 20_000, done: 0 }, total: 10 }), T0 + 20_000)).toBeUndefined();
    // 2 units in 20 s: 8 left take 80 s, 5 s of which have passed since the last sample
    expect(rateEstimate(process({ firstSample: first, lastSample: { atMs: T0 + 20_000, done: 2 }, total: 10 }), T0 + 25_000)).toBe(75_000);
  });
});

describe('estimateStage', () => {
  it('uses history before there is a rate, less the time already run, then the rate', () => {
    const running = stage('bronze', { status: 'running', startedAtMs: T0 });
    expect(estimateStage(running, history, T0 + 30_000)).toEqual({ remainingMs: 100_000 - 30_000, source: 'history' });
    const withRate = { ...running, firstSample: { atMs: T0 + 10_000, done: 0 }, lastSample: { atMs: T0 + 10_000 + MIN_RATE_WINDOW_MS, done: 1 }, total: 4 };
    expect(estimateStage(withRate, history, T0 + 20_000)).toEqual({ remainingMs: 30_000, source: 'rate' });
  });

  it('is unknown without history or rate, and zero once finished', () => {
    expect(estimateStage(stage('gold'), history, T0)).toBeUndefined();
    expect(estimateStage(stage('gold', { status: 'succeeded' }), history, T0)).toEqual({ remainingMs: 0, source: 'rate' });
  });

  it('schedules a chunked stage over its parallel slots with the chunk history', () => {
    const chunks = [10, 10, 10, 10].map((days) => process({ days })); // 30 s each from chunk history
    expect(estimateStage(stage('bronze', { status: 'running', chunks, parallel: 2 }), history, T0)).toEqual({ remainingMs: 60_000, source: 'history' });
    expect(estimateStage(stage('bronze', { status: 'running', chunks, parallel: 4 }), history, T0)?.remainingMs).toBe(30_000);
  });

  it('prefers the time per day of chunks done in this run, and calls it rate', () => {
    const chunks = [
      process({ status: 'succeeded', days: 10, durationMs: 50_000 }), // 5 s a day here
      process({ status: 'running', days: 10, startedAtMs: T0 }),
      process({ days: 4 }),
    ];
    // running: 50 s - 10 s elapsed = 40 s; then 4 days * 5 s = 20 s on the same single slot
    expect(estimateStage(stage('bronze', { status: 'running', chunks, parallel: 1 }), history, T0 + 10_000)).toEqual({ remainingMs: 60_000, source: 'rate' });
  });
});

describe('estimateRun', () => {
  it('adds up the stages still to finish, and is unknown while one of them is', () => {
    const stages = [stage('bronze', { status: 'succeeded' }), stage('silver', { status: 'running', startedAtMs: T0 }), stage('gold', { status: 'skipped' })];
    expect(estimateRun(stages, history, T0 + 5_000)).toEqual({ remainingMs: 15_000, source: 'history' });
    expect(estimateRun([...stages, stage('gold')], history, T0)).toBeUndefined();
  });
});

describe('an ETA while work remains', () => {
  it('is never 0: a unit taking longer than the average counts as nearly done, past history a tenth is left', () => {
    const first = { atMs: T0, done: 0 };
    // 4 of 7 done at 10 s each; 40 s since the last: the one under way is late, the two after it are not
    const late = process({ status: 'running', startedAtMs: T0, firstSample: first, lastSample: { atMs: T0 + 40_000, done: 4 }, total: 7 });
    expect(rateEstimate(late, T0 + 80_000)).toBe(20_000);
    // the last unit, late: a tenth of a unit, not 0
    expect(rateEstimate(process({ ...late, lastSample: { atMs: T0 + 60_000, done: 6 } }), T0 + 200_000)).toBe(1_000);
    // running past what history says (20 s): a tenth of it, not 0
    expect(estimateStage(stage('silver', { status: 'running', startedAtMs: T0 }), history, T0 + 60_000)).toEqual({ remainingMs: 2_000, source: 'history' });
  });
});
