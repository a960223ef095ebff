import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OutputCoalescer } from '../../src/daemon/output-coalescer.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const output = (stage: string, lines: string[], chunk?: string): RunEvent => ({
  type: 'stage-output',
  at: '2026-11-24T02:00:00.000Z',
  stage,
  lines,
  ...(chunk ? { chunk } : {}),
});
const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}`);

let emitted: RunEvent[];
let coalescer: OutputCoalescer;

beforeEach(() => {
  vi.useFakeTimers();
  emitted = [];
  coalescer = new OutputCoalescer((event) => emitted.push(event), { intervalMs: 100, maxLinesPerFlush: 5 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('OutputCoalescer', () => {
  it('gathers output per stage and chunk and sends it once per interval', () => {
    coalescer.push(output('bronze', ['a'], '2024-01'));
    coalescer.push(output('bronze', ['b'], '2024-02'));
    coalescer.push(output('bronze', ['c'], '2024-01'));
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual([output('bronze', ['a', 'c'], '2024-01'), output('bronze', ['b'], '2024-02')]);
  });

  it('keeps the newest lines of a flood and says how many it left out', () => {
    coalescer.push(output('silver', numbered(0, 4)));
    coalescer.push(output('silver', numbered(4, 12)));
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual([
      output('silver', ['[backfill] 11 lines not shown here; every line is in the log file', ...numbered(11, 5)]),
    ]);
  });

  it('sends gathered output before any other event, in order', () => {
    const finished: RunEvent = {
      type: 'stage-finished',
      at: '2026-11-24T02:00:01.000Z',
      stage: 'gold',
      status: 'succeeded',
      exitCode: 0,
      signal: null,
      durationMs: 10,
    };
    coalescer.push(output('gold', ['last words']));
    coalescer.push(finished);
    expect(emitted).toEqual([output('gold', ['last words']), finished]);
    vi.advanceTimersByTime(1000);
    expect(emitted).toHaveLength(2);
  });
});
