// A bounded tail of a stage's output. Appending never keeps more than `capacity` lines,
// so a stage printing without pause cannot grow memory; `total` still counts every line seen.

import { isSparkChatter, lineMatches, type LogFilter } from '../text/log-filter.js';

export interface LogTail {
  readonly lines: readonly string[];
  /** Every line ever appended, including those dropped from the tail. */
  readonly total: number;
}

export const DEFAULT_LOG_CAPACITY = 5_000;
/** Longer lines are cut: one runaway line must not hold megabytes. */
export const MAX_LINE_LENGTH = 2_000;

export const EMPTY_LOG_TAIL: LogTail = { lines: [], total: 0 };

function clampLine(line: string): string {
  return line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line;
}

/** Returns a new tail holding at most `capacity` of the newest lines. Costs O(capacity + added).
 *  `droppedBefore` counts lines that came before `added` but were already discarded by the caller. */
export function appendLines(tail: LogTail, added: readonly string[], capacity: number, droppedBefore = 0): LogTail {
  if (added.length === 0 && droppedBefore === 0) return tail;
  const total = tail.total + droppedBefore + added.length;
  if (added.length >= capacity) {
    return { lines: added.slice(added.length - capacity).map(clampLine), total };
  }
  const keep = capacity - added.length;
  const kept = tail.lines.length > keep ? tail.lines.slice(tail.lines.length - keep) : tail.lines;
  return { lines: kept.concat(added.map(clampLine)), total };
}

/** The lines to show in a pane of `height` rows, `scrollBack` lines up from the newest. */
export function visibleLines(tail: LogTail, height: number, scrollBack: number): readonly string[] {
  if (height <= 0) return [];
  // Scrolled back past the oldest line, the pane still shows a full page from the top.
  const end = Math.max(Math.min(tail.lines.length, height), tail.lines.length - scrollBack);
  const start = Math.max(0, end - height);
  return tail.lines.slice(start, end);
}

/** The largest useful scroll-back for a pane of `height` rows: the oldest line at the top. */
export function maxScrollBack(tail: LogTail, height: number): number {
  return Math.max(0, tail.lines.length - Math.max(1, height));
}

export interface FilteredTail {
  tail: LogTail;
  /** Lines of the tail before filtering (the kept ones). */
  of: number;
}

/** The tail with only the lines to show; the same tail when nothing is filtered. */
export function filterTail(tail: LogTail, filter: LogFilter | null, hideChatter: boolean): FilteredTail {
  if (!filter && !hideChatter) return { tail, of: tail.lines.length };
  const lines = tail.lines.filter((line) => !(hideChatter && isSparkChatter(line)) && (!filter || lineMatches(line, filter)));
  return { tail: { lines, total: lines.length }, of: tail.lines.length };
}
