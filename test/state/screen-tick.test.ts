import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScreenTick, type TickDelivery } from '../../src/state/screen-tick.js';
import { output, records, runStarted, stageStarted } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const runFinished: RunEvent = { type: 'run-finished', at: '', status: 'succeeded', stages: records({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' }) };

describe('screen tick: batching', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers events gathered within the interval as one batch, in order', () => {
    const batches: RunEvent[][] = [];
    const ticker = createScreenTick(({ events }) => batches.push(events), { tickMs: 1_000, flushMs: 50, maxPendingLines: 1000 });
    ticker.push(runStarted());
    vi.advanceTimersByTime(0); // the first events go at once
    expect(batches).toHaveLength(1);
    ticker.push(stageStarted('bronze'));
    ticker.push(output('bronze', ['a']));
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.map((event) => event.type)).toEqual(['stage-started', 'stage-output']);
    ticker.cancel();
  });

  it('delivers early once enough output lines are pending', () => {
    const batches: RunEvent[][] = [];
    const ticker = createScreenTick(({ events }) => batches.push(events), { tickMs: 1_000, flushMs: 50, maxPendingLines: 10 });
    for (let index = 0; index < 25; index += 1) ticker.push(output('bronze', [`l${index}`]));
    expect(batches.map((batch) => batch.length)).toEqual([10, 10]);
    ticker.cancel();
  });

  it('flush delivers what is pending; cancel drops it', () => {
    const batches: RunEvent[][] = [];
    const ticker = createScreenTick(({ events }) => batches.push(events), { tickMs: 1_000, flushMs: 50, maxPendingLines: 10 });
    ticker.push(stageStarted('bronze'));
    ticker.flush();
    ticker.push(stageStarted('silver'));
    ticker.cancel();
    vi.advanceTimersByTime(5_000);
    expect(batches).toHaveLength(1);
  });
});

describe('screen tick: the clock', () => {
  afterEach(() => vi.useRealTimers());

  it('ticks on the whole period while the run goes, with or without events, and stands still once it has ended', () => {
    vi.useFakeTimers({ now: 10_300 });
    const deliveries: TickDelivery[] = [];
    const ticker = createScreenTick((delivery) => deliveries.push(delivery), { tickMs: 1_000, flushMs: 200, maxPendingLines: 100 });
    ticker.push(runStarted());
    vi.advanceTimersByTime(0);
    // The run's first figures without waiting for the clock.
    expect(deliveries).toEqual([{ events: [runStarted()], nowMs: 10_300, clock: true }]);
    ticker.push(stageStarted('bronze'));
    vi.advanceTimersByTime(200);
    expect(deliveries.at(-1)).toEqual({ events: [stageStarted('bronze')], nowMs: 10_500, clock: false });
    vi.advanceTimersByTime(500); // 11,000
    expect(deliveries.at(-1)).toEqual({ events: [], nowMs: 11_000, clock: true });
    vi.advanceTimersByTime(3_000);
    expect(deliveries.filter((delivery) => delivery.clock).map((delivery) => delivery.nowMs)).toEqual([10_300, 11_000, 12_000, 13_000, 14_000]);

    ticker.push(runFinished);
    vi.advanceTimersByTime(200);
    // The end is a tick of its own, and the last one.
    expect(deliveries.at(-1)).toEqual({ events: [runFinished], nowMs: 14_200, clock: true });
    const atEnd = deliveries.length;
    vi.advanceTimersByTime(10_000);
    expect(deliveries).toHaveLength(atEnd);

    // Events after the end (a retry) start the clock again, at once.
    ticker.push(stageStarted('bronze', 30));
    vi.advanceTimersByTime(0);
    expect(deliveries.at(-1)).toMatchObject({ clock: true, nowMs: 24_200 });
    vi.advanceTimersByTime(800);
    expect(deliveries.at(-1)).toMatchObject({ clock: true, nowMs: 25_000 });
    ticker.cancel();
  });

  it('without a clock (tickMs 0) every delivery is a tick', () => {
    vi.useFakeTimers({ now: 5_000 });
    const deliveries: TickDelivery[] = [];
    const ticker = createScreenTick((delivery) => deliveries.push(delivery), { tickMs: 0, flushMs: 0, maxPendingLines: 100 });
    ticker.push(runStarted());
    ticker.push(stageStarted('bronze'));
    vi.advanceTimersByTime(0);
    expect(deliveries).toEqual([{ events: [runStarted(), stageStarted('bronze')], nowMs: 5_000, clock: true }]);
    vi.advanceTimersByTime(10_000);
    expect(deliveries).toHaveLength(1);
  });
});
