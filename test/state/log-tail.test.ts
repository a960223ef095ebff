import { describe, expect, it } from 'vitest';
import { appendLines, EMPTY_LOG_TAIL, MAX_LINE_LENGTH, maxScrollBack, visibleLines } from '../../src/state/log-tail.js';

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, index) => `line ${from + index}`);

describe('log tail', () => {
  it('keeps at most its capacity, newest last, while counting every line', () => {
    let tail = EMPTY_LOG_TAIL;
    for (let batch = 0; batch < 100; batch += 1) tail = appendLines(tail, numbered(batch * 30, 30), 50);
    expect(tail.lines).toHaveLength(50);
    expect(tail.total).toBe(3000);
    expect(tail.lines[0]).toBe('line 2950');
    expect(tail.lines.at(-1)).toBe('line 2999');
  });

  it('keeps only the newest lines of a batch larger than the capacity', () => {
    const tail = appendLines(appendLines(EMPTY_LOG_TAIL, ['old'], 3), numbered(0, 10), 3);
    expect(tail.lines).toEqual(['line 7', 'line 8', 'line 9']);
    expect(tail.total).toBe(11);
  });

  it('counts lines the caller dropped before the batch', () => {
    expect(appendLines(EMPTY_LOG_TAIL, ['a'], 3, 7).total).toBe(8);
  });

  it('cuts a runaway line', () => {
    const tail = appendLines(EMPTY_LOG_TAIL, ['x'.repeat(MAX_LINE_LENGTH * 10)], 10);
    expect(tail.lines[0]!.length).toBe(MAX_LINE_LENGTH + 1);
  });

  it('returns the same tail when nothing is added', () => {
    const tail = appendLines(EMPTY_LOG_TAIL, ['a'], 3);
    expect(appendLines(tail, [], 3)).toBe(tail);
  });

  it('windows the tail for a pane, scrolled back from the newest', () => {
    const tail = appendLines(EMPTY_LOG_TAIL, numbered(0, 10), 100);
    expect(visibleLines(tail, 3, 0)).toEqual(['line 7', 'line 8', 'line 9']);
    expect(visibleLines(tail, 3, 2)).toEqual(['line 5', 'line 6', 'line 7']);
    expect(visibleLines(tail, 3, 100)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(maxScrollBack(tail, 3)).toBe(7);
    expect(visibleLines(tail, 3, maxScrollBack(tail, 3))).toEqual(['line 0', 'line 1', 'line 2']);
  });
});
