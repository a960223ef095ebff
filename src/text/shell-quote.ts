import { NON_PRINTABLE } from './printable.js';

const SAFE = /^[\w@%+=:,./-]+$/;

const UTF8 = new TextEncoder();

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\t': '\\t', '\r': '\\r', '\u001b': '\\e' };

/** One character inside `$'…'`: a backslash or quote escaped, a non-printable one as its UTF-8 bytes. */
function ansiC(char: string): string {
  const named = NAMED_ESCAPES[char];
  if (named !== undefined) return named;
  if (!NON_PRINTABLE.test(char)) return char;
  return Array.from(UTF8.encode(char), (byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}

function quoteArg(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  // bash's ANSI-C quoting (also zsh's and ksh's): printed, it holds no control character, escape or bidi
  // control, and pasted, the shell reads back the very bytes the argument had.
  if (NON_PRINTABLE.test(arg)) return `$'${Array.from(arg, ansiC).join('')}'`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes argv for display and copy-paste into bash (or zsh, ksh). Never used to run anything. A plain
 * argument is left alone or single-quoted; one that holds a control character, a bidi control or another
 * character a terminal does not show is written `$'…'` with `\e`, `\n`, `\t`, `\r` and `\xNN` escapes. What it
 * returns is safe to print as it is and pastes back to the same argv.
 */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
