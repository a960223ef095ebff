// Two limits on a line of a --locations or --pollutants file that JSON itself does not set, held by the console
// and the jobs' reader alike (jobs/common/config.py, _line_limit_problem), so that both refuse the same lines:
// Python's json recurses once per level of nesting and dies of RecursionError near a thousand, and refuses an
// integer of more than 4,300 digits, where JSON.parse takes both. A record is one object of plain fields, so
// both limits are far beyond any real one.

/** Arrays and objects nested deeper than this in one line are refused. */
export const MAX_NESTING = 16;

/** An integer of more digits than this is refused. */
export const MAX_INTEGER_DIGITS = 100;

const NUMBER_CHARS = new Set('0123456789+-.eE');
const INTEGER = /^-?[0-9]+$/;

/**
 * What `line` goes past, with its fix, or undefined. Read as text before it is parsed, so a line that is not JSON
 * is judged too, and exactly as the jobs judge it: a `"` starts a string, in which `\` takes the next character,
 * up to the next `"` or the line's end; outside strings each `[` or `{` opens a level and each `]` or `}` closes
 * one (never below none), and each run of the characters of a number (digits, `+`, `-`, `.`, `e`, `E`) that is
 * an integer (`-?digits`) has its digits counted. Too deep is said first, wherever the long integer is.
 */
export function jsonLineLimitProblem(line: string): { problem: string; fix: string } | undefined {
  let depth = 0;
  let longInteger = false;
  let runStart = -1;
  for (let at = 0; at <= line.length; at++) {
    const char = line[at];
    if (char !== undefined && NUMBER_CHARS.has(char)) {
      if (runStart < 0) runStart = at;
      continue;
    }
    if (runStart >= 0) {
      const run = line.slice(runStart, at);
      const digits = run.startsWith('-') ? run.length - 1 : run.length;
      if (digits > MAX_INTEGER_DIGITS && INTEGER.test(run)) longInteger = true;
      runStart = -1;
    }
    if (char === '"') {
      for (at++; at < line.length && line[at] !== '"'; at++) if (line[at] === '\\') at++;
    } else if (char === '[' || char === '{') {
      depth++;
      if (depth > MAX_NESTING) return { problem: `nests arrays or objects more than ${MAX_NESTING} deep`, fix: 'write one object of plain fields per line' };
    } else if ((char === ']' || char === '}') && depth > 0) {
      depth--;
    }
  }
  if (longInteger) return { problem: `has an integer of more than ${MAX_INTEGER_DIGITS} digits`, fix: `write the number with at most ${MAX_INTEGER_DIGITS} digits` };
  return undefined;
}
