import { describe, expect, it } from 'vitest';
import { runChunkPool } from '../../../src/runner/schedule/chunk-pool.js';

describe('runChunkPool', () => {
  it('runs each chunk once, never more than `parallel` at once, and stops starting when told', async () => {
    const pending = ['a', 'b', 'c', 'd', 'e'];
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    let stop = false;
    await runChunkPool({
      parallel: 2,
      pending: () => pending, // the state still says pending while they run: the pool's claim keeps them apart
      run: async (chunk) => {
        started.push(chunk);
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (chunk === 'c') stop = true;
      },
      stopped: () => stop,
    });
    expect(peak).toBe(2);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });
});
