import { afterEach, describe, expect, it, vi } from 'vitest';
import { EtaTracker } from '../../src/eta/eta-tracker.js';
import { createEtaSampler } from '../../src/hooks/eta-sampler.js';
import { createAppStore } from '../../src/state/store.js';
import { at, output, PARAMS, planFor, records, runStarted, stageStarted, T0, validOptions } from '../state/run-fixtures.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

afterEach(() => vi.useRealTimers());

const HISTORY = { stageMsPerDay: { bronze: 10_000, silver: 1_000, gold: 1_000 }, chunkMsPerDay: {} };
const flushMicrotasks = () => Promise.resolve();

function setup() {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  const store = createAppStore({ initialOptions: validOptions() });
  store.getState().dispatch({ type: 'run/planned', plan: planFor(), at: at(0) });
  const dispatched = vi.spyOn(store.getState(), 'dispatch');
  let nowMs = T0 + 2_000;
  const factory = vi.fn((_params: RunParams) => new EtaTracker(HISTORY));
  const sampler = createEtaSampler(store, factory, { sampleMs: 1_000, now: () => nowMs });
  const etaSamples = () => dispatched.mock.calls.filter(([action]) => action.type === 'run/eta').length;
  return { store, sampler, factory, etaSamples, advance: (ms: number) => { nowMs += ms; vi.advanceTimersByTime(ms); } };
}

describe('ETA sampler', () => {
  it('builds the tracker from the run params and puts its first estimate in the store at once', async () => {
    const { store, sampler, factory } = setup();
    sampler.observe(runStarted());
    sampler.observe(stageStarted('bronze', 1));
    await flushMicrotasks();
    expect(factory).toHaveBeenCalledWith(PARAMS);
    const eta = store.getState().eta!;
    expect(eta.stages.bronze).toMatchObject({ source: 'history' });
    // 31 days at 10 s a day, started a second before "now".
    expect(eta.stages.bronze!.remainingMs).toBe(31 * 10_000 - 1_000);
    expect(eta.run).toMatchObject({ source: 'history' });
    sampler.stop();
  });

  it('samples once a period however many events come, and stops once the run has finished', async () => {
    const { sampler, etaSamples, advance } = setup();
    sampler.observe(runStarted());
    sampler.observe(stageStarted('bronze', 1));
    for (let index = 0; index < 500; index++) sampler.observe(output('bronze', [`line ${index}`]));
    await flushMicrotasks();
    expect(etaSamples()).toBe(1);
    advance(1_000);
    await flushMicrotasks();
    expect(etaSamples()).toBe(2);
    advance(3_000);
    expect(etaSamples()).toBe(5);
    sampler.observe({ type: 'run-finished', at: at(9), status: 'succeeded', stages: records({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' }) });
    const atFinish = etaSamples();
    advance(5_000);
    await flushMicrotasks();
    expect(etaSamples()).toBe(atFinish);
  });

  it('does nothing before the run has started', async () => {
    const { sampler, etaSamples, advance } = setup();
    sampler.observe(stageStarted('bronze', 1));
    advance(3_000);
    await flushMicrotasks();
    expect(etaSamples()).toBe(0);
  });
});
