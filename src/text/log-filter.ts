// Which log lines match the operator's filter (`/`), and which are Spark's INFO/DEBUG chatter (`l`). Pure, so
// the pane (filterTail in state/log-tail.ts), the keys and `backfill logs --grep` agree on what matches.
import { compileOperatorPattern, type OperatorPattern } from './operator-pattern.js';

/** The operator's filter: a substring, or `/regex/` (with an `i` after the slash for any case), matched in linear time. */
export type LogFilter = OperatorPattern;

/** `/regex/` or `/regex/i` is an RE2 regular expression; anything else a plain substring, matched as typed. */
export function parseLogFilter(text: string): LogFilter | { error: string } {
  return compileOperatorPattern(text);
}

// Spark's log4j lines: `24/11/26 10:15:02 INFO SparkContext: ...` (and the ISO-dated form of newer layouts).
const LOG4J_CHATTER = /^(\d{2}\/\d{2}\/\d{2}|\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}([.,]\d+)? (INFO|DEBUG|TRACE) /;

/** A Spark INFO/DEBUG log4j line: what `l` hides. WARN, ERROR, job lines, tracebacks and anything else stay. */
export function isSparkChatter(line: string): boolean {
  return LOG4J_CHATTER.test(line);
}

export function lineMatches(line: string, filter: LogFilter): boolean {
  return filter.test(line);
}

/** `line` cut into plain and matching pieces, for highlighting. */
export function matchSegments(line: string, filter: LogFilter | null): Array<{ text: string; match: boolean }> {
  if (!filter) return [{ text: line, match: false }];
  const segments: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  for (const { start, end } of filter.matches(line)) {
    if (start > at) segments.push({ text: line.slice(at, start), match: false });
    segments.push({ text: line.slice(start, end), match: true });
    at = end;
  }
  if (at < line.length) segments.push({ text: line.slice(at), match: false });
  return segments;
}
