// What the log pane shows of a tail: only the lines matching the operator's filter (`/`), and without Spark's
// INFO/DEBUG chatter (`l`). Pure, so the pane, the keys and `backfill logs --grep` agree on what matches.
import type { LogTail } from '../state/log-tail.js';

export interface LogFilter {
  /** As typed: a substring, or `/regex/` (with an `i` after the slash for any case). */
  text: string;
  matcher: RegExp;
}

/** `/regex/` or `/regex/i` is a regular expression; anything else a plain substring, matched as typed. */
export function parseLogFilter(text: string): LogFilter | { error: string } {
  const regex = /^\/(.+)\/(i?)$/.exec(text);
  if (regex) {
    try {
      return { text, matcher: new RegExp(regex[1]!, `g${regex[2] ?? ''}`) };
    } catch (error) {
      return { error: `not a regular expression: ${(error as Error).message}` };
    }
  }
  return { text, matcher: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') };
}

// Spark's log4j lines: `24/11/26 10:15:02 INFO SparkContext: ...` (and the ISO-dated form of newer layouts).
const LOG4J_CHATTER = /^(\d{2}\/\d{2}\/\d{2}|\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}([.,]\d+)? (INFO|DEBUG|TRACE) /;

/** A Spark INFO/DEBUG log4j line: what `l` hides. WARN, ERROR, job lines, tracebacks and anything else stay. */
export function isSparkChatter(line: string): boolean {
  return LOG4J_CHATTER.test(line);
}

export function lineMatches(line: string, filter: LogFilter): boolean {
  filter.matcher.lastIndex = 0;
  return filter.matcher.test(line);
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

/** `line` cut into plain and matching pieces, for highlighting. */
export function matchSegments(line: string, filter: LogFilter | null): Array<{ text: string; match: boolean }> {
  if (!filter) return [{ text: line, match: false }];
  const segments: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  filter.matcher.lastIndex = 0;
  for (let found = filter.matcher.exec(line); found; found = filter.matcher.exec(line)) {
    if (found[0].length === 0) {
      filter.matcher.lastIndex++;
      continue;
    }
    if (found.index > at) segments.push({ text: line.slice(at, found.index), match: false });
    segments.push({ text: found[0], match: true });
    at = found.index + found[0].length;
  }
  if (at < line.length) segments.push({ text: line.slice(at), match: false });
  return segments;
}
