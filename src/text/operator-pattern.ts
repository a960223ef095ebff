// The one matcher for patterns an operator types (`/` in the TUI, `backfill logs --grep`): plain text, or `/regex/`
// compiled by RE2 (re2js), which matches in time linear in the line. JavaScript's own engine backtracks, so a
// pattern such as /^(.+)+X$/ on a long line would never finish and freeze the console.
import { RE2JS } from 're2js';

export interface OperatorPattern {
  /** As typed. */
  text: string;
  /** Whether the pattern matches anywhere in `line`. */
  test(line: string): boolean;
  /** The non-empty matches in `line`, left to right, as [start, end) in UTF-16 code units. */
  matches(line: string): Array<{ start: number; end: number }>;
}

// What RE2 leaves out on purpose (it needs backtracking), named with what to write instead.
const UNSUPPORTED: Array<{ syntax: RegExp; message: string }> = [
  { syntax: /\\[1-9]|\\k</, message: 'backreferences (\\1, \\k<name>) are not supported (RE2 syntax); match the repeated text itself' },
  { syntax: /\(\?<[=!]/, message: 'lookbehind ((?<=…), (?<!…)) is not supported (RE2 syntax); match the text before it as part of the pattern' },
  { syntax: /\(\?[=!]/, message: 'lookahead ((?=…), (?!…)) is not supported (RE2 syntax); match the text after it as part of the pattern' },
];

/** `/regex/` or `/regex/i` (any case) is an RE2 regular expression; anything else a plain substring, matched as typed. */
export function compileOperatorPattern(text: string): OperatorPattern | { error: string } {
  const regex = /^\/(.+)\/(i?)$/.exec(text);
  const source = regex ? regex[1]! : RE2JS.quote(text);
  const flags = regex?.[2] === 'i' ? RE2JS.CASE_INSENSITIVE : 0;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, flags);
  } catch (error) {
    const unsupported = UNSUPPORTED.find(({ syntax }) => syntax.test(source));
    if (unsupported) return { error: unsupported.message };
    return { error: `not a regular expression: ${(error as Error).message}` };
  }
  return {
    text,
    test: (line) => compiled.test(line),
    matches: (line) => {
      const found: Array<{ start: number; end: number }> = [];
      for (const match of compiled.matchAll(line)) {
        if (match[0].length > 0) found.push({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
      }
      return found;
    },
  };
}
