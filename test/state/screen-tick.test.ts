import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBatcher } from '../../src/state/screen-tick.js';
import { output, stageStarted } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';

describe('event batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers events gathered within the interval as one batch, in order', () => {
    const batches: RunEvent[][] = [];
    const batcher = createEventBatcher((events) => batches.push(events), { intervalMs: 50, maxPendingLines: 1000 });
    batcher.push(stageStarted('bronze'));
    batcher.push(output('bronze', ['a']));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((event) => event.type)).toEqual(['stage-started', 'stage-output']);
  });

  it('delivers early once enough output lines are pending', () => {
    const batches: RunEvent[][] = [];
    const batcher = createEventBatcher((events) => batches.push(events), { intervalMs: 50, maxPendingLines: 10 });
    for (let index = 0; index < 25; index += 1) batcher.push(output('bronze', [`l${index}`]));
    expect(batches.map((batch) => batch.length)).toEqual([10, 10]);
  });

  it('flush delivers what is pending; cancel drops it', () => {
    const batches: RunEvent[][] = [];
    const batcher = createEventBatcher((events) => batches.push(events), { intervalMs: 50, maxPendingLines: 10 });
    batcher.push(stageStarted('bronze'));
    batcher.flush();
    batcher.push(stageStarted('silver'));
    batcher.cancel();
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
  });
});
