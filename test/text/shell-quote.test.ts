import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/text/shell-quote.js';
import { terminalSafe } from '../../src/text/terminal-safe.js';

/** The argv bash reads back from `text` pasted after a command that prints each argument NUL-terminated. */
function bashReads(text: string): string[] {
  // stdin not a socket and --norc: bash reads no rc file that could print or change anything.
  const out = execFileSync('bash', ['--norc', '--noprofile', '-c', `printf '%s\\0' ${text}`], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.toString('utf8').split('\0').slice(0, -1);
}

const HOSTILE = [
  'clear\u001b[2J\u001b]0;title\u0007',
  'two\nlines\tand a tab\r',
  'evil\u202e.jsonl',
  '\u2066isolated\u2069 \u200e\u200f\u061c',
  "it's a \\ and a '",
  'zero\u200bwidth and\u00a0nbsp',
  'del\u007f c1\u009b',
  'Hà Nội',
  'invisible\u034f\ufe0f\u3164\u2800 e\u0301',
];

describe('shellQuote', () => {
  it('leaves plain words alone and quotes what a shell would read differently', () => {
    expect(shellQuote(['spark-submit', '--master', 'local[*]', '--conf', 'a=b c', "it's", ''])).toBe(
      `spark-submit --master 'local[*]' --conf 'a=b c' 'it'\\''s' ''`,
    );
  });

  it('writes an argument with control characters, bidi controls or other non-printables in ANSI-C quotes', () => {
    expect(shellQuote(['--name', 'a\u001b[2Jb'])).toBe(`--name $'a\\e[2Jb'`);
    expect(shellQuote(['two\nlines\tand\r'])).toBe(`$'two\\nlines\\tand\\r'`);
    expect(shellQuote(['--locations', 'evil\u202e.jsonl'])).toBe(`--locations $'evil\\xe2\\x80\\xae.jsonl'`);
    expect(shellQuote(["it's\u0007 a \\"])).toBe(`$'it\\'s\\x07 a \\\\'`);
    expect(shellQuote(['Hà Nội', 'a b'])).toBe(`'Hà Nội' 'a b'`);
  });

  it('writes characters drawn as nothing or as a space escaped: combining marks, variation selectors, Hangul fillers, the blank braille pattern', () => {
    expect(shellQuote(['t\u034f'])).toBe(`$'t\\xcd\\x8f'`);
    expect(shellQuote(['t\ufe0f'])).toBe(`$'t\\xef\\xb8\\x8f'`);
    expect(shellQuote(['t\u3164'])).toBe(`$'t\\xe3\\x85\\xa4'`);
    expect(shellQuote(['t\u2800'])).toBe(`$'t\\xe2\\xa0\\x80'`);
    expect(shellQuote(['e\u0301'])).toBe(`$'e\\xcc\\x81'`);
  });

  it('prints nothing a terminal would act on: what it returns passes the sanitizer unchanged', () => {
    const shown = shellQuote(HOSTILE);
    expect(terminalSafe(shown)).toBe(shown);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u00a0]/);
  });

  it('pastes back into bash as the very same argv', () => {
    expect(bashReads(shellQuote(HOSTILE))).toEqual(HOSTILE);
    expect(bashReads(shellQuote(['spark-submit', '--conf', 'a=b c', "it's", '$HOME', '`x`', '!', '']))).toEqual(['spark-submit', '--conf', 'a=b c', "it's", '$HOME', '`x`', '!', '']);
  });
});
