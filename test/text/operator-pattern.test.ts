import { describe, expect, it } from 'vitest';
import { lineMatches, matchSegments, parseLogFilter, type LogFilter } from '../../src/text/log-filter.js';

// The operator's patterns go through parseLogFilter (src/text/operator-pattern.ts), for the TUI's `/` and `logs --grep`.
function filterOf(text: string): LogFilter {
  const parsed = parseLogFilter(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const EVIL = '/^(.+)+X$/';
const LONG_LINE = 'a'.repeat(20_000);

describe('one linear-time matcher for operator patterns', () => {
  it('answers a catastrophic-backtracking regex on a long line (no match, nothing to highlight)', () => {
    const filter = filterOf(EVIL);
    expect(lineMatches(LONG_LINE, filter)).toBe(false);
    expect(lineMatches(`${LONG_LINE}X`, filter)).toBe(true);
    expect(matchSegments(LONG_LINE, filter)).toEqual([{ text: LONG_LINE, match: false }]);
    expect(lineMatches(LONG_LINE, filterOf('/(a|aa)+$/'))).toBe(true);
  });

  it('takes plain text as typed, /regex/ and /regex/i', () => {
    expect(lineMatches('a.b', filterOf('a.b'))).toBe(true);
    expect(lineMatches('axb', filterOf('a.b'))).toBe(false);
    expect(lineMatches('(x)[y]{z}\\', filterOf('(x)[y]{z}\\'))).toBe(true);
    expect(lineMatches('WARN x', filterOf('/warn/i'))).toBe(true);
    expect(lineMatches('WARN x', filterOf('/warn/'))).toBe(false);
    expect(lineMatches('ERROR y', filterOf('/WARN|ERROR/'))).toBe(true);
  });

  it('highlights every non-empty match, in UTF-16 positions', () => {
    expect(matchSegments('é😀ab😀ab', filterOf('/ab/'))).toEqual([
      { text: 'é😀', match: false },
      { text: 'ab', match: true },
      { text: '😀', match: false },
      { text: 'ab', match: true },
    ]);
    expect(matchSegments('baab', filterOf('/a*/'))).toEqual([
      { text: 'b', match: false },
      { text: 'aa', match: true },
      { text: 'b', match: false },
    ]);
  });

  it('names the syntax RE2 leaves out and what to use instead', () => {
    expect(parseLogFilter('/(a)\\1/')).toEqual({ error: expect.stringMatching(/^backreferences .* not supported \(RE2 syntax\); match the repeated text/) });
    expect(parseLogFilter('/(?<n>a)\\k<n>/')).toEqual({ error: expect.stringMatching(/^backreferences/) });
    expect(parseLogFilter('/x(?=y)/')).toEqual({ error: expect.stringMatching(/^lookahead .* not supported \(RE2 syntax\); match the text after it/) });
    expect(parseLogFilter('/x(?!y)/')).toEqual({ error: expect.stringMatching(/^lookahead/) });
    expect(parseLogFilter('/(?<=x)y/')).toEqual({ error: expect.stringMatching(/^lookbehind .* not supported \(RE2 syntax\); match the text before it/) });
    expect(parseLogFilter('/(?<!x)y/')).toEqual({ error: expect.stringMatching(/^lookbehind/) });
    expect(parseLogFilter('/(/')).toEqual({ error: expect.stringMatching(/^not a regular expression: /) });
  });
});
