import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScreenTick, type TickDelivery } from '../../src/state/screen-tick.js';
import { stageStarted } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';

afterEach(() => vi.useRealTimers());

const spark = (done: number): RunEvent => ({ type: 'spark-progress', at: '', stage: 'bronze', sparkStages: [{ stageId: 3, done, running: 1, total: 10 }] });

describe('the screen tick pacing progress', () => {
  it('holds batches of progress alone until the clock ticks on the whole second, and sends anything else at its own pace', () => {
    vi.useFakeTimers({ now: 10_300 });
    const delivered: TickDelivery[] = [];
    const ticker = createScreenTick((delivery) => delivered.push(delivery), { tickMs: 1000, flushMs: 200, maxPendingLines: 100 });
    ticker.push(stageStarted('bronze'));
    vi.advanceTimersByTime(0); // the clock starts with the first events
    expect(delivered).toHaveLength(1);
    ticker.push(spark(1));
    ticker.push(spark(2));
    vi.advanceTimersByTime(650);
    expect(delivered).toHaveLength(1);
    vi.advanceTimersByTime(50); // 11,000: the whole second
    expect(delivered.at(-1)).toEqual({ events: [spark(1), spark(2)], nowMs: 11_000, clock: true });

    ticker.push(spark(3));
    ticker.push({ type: 'stage-output', at: '', stage: 'bronze', lines: ['x'] });
    vi.advanceTimersByTime(200);
    expect(delivered).toHaveLength(3);
    expect(delivered.at(-1)).toMatchObject({ clock: false, nowMs: 11_200 });
    ticker.cancel();
  });
});
