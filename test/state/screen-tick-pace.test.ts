import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBatcher } from '../../src/state/screen-tick.js';
import type { RunEvent } from '../../src/runner/run/events.js';

afterEach(() => vi.useRealTimers());

const spark = (done: number): RunEvent => ({ type: 'spark-progress', at: '', stage: 'bronze', sparkStages: [{ stageId: 3, done, running: 1, total: 10 }] });

describe('the event batcher pacing progress', () => {
  it('holds batches of progress alone until the next whole second, and sends anything else at its own pace', () => {
    vi.useFakeTimers({ now: 10_300 });
    const delivered: RunEvent[][] = [];
    const batcher = createEventBatcher((events) => delivered.push(events), { intervalMs: 200, maxPendingLines: 100, progressPaceMs: 1000 });
    batcher.push(spark(1));
    batcher.push(spark(2));
    vi.advanceTimersByTime(650);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(50); // 11,000: the whole second
    expect(delivered).toEqual([[spark(1), spark(2)]]);

    batcher.push(spark(3));
    batcher.push({ type: 'stage-output', at: '', stage: 'bronze', lines: ['x'] });
    vi.advanceTimersByTime(200);
    expect(delivered).toHaveLength(2);
    batcher.cancel();
  });
});
