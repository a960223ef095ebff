import { BIDI_CONTROL_CLASS } from './terminal-safe.js';

// What a terminal does not show as itself: C0 and C1 controls and DEL (Cc), the bidi controls and the other
// format characters such as zero-width spaces and joiners (Cf), line and paragraph separators, lone surrogates,
// the spaces that are not U+0020 (one would read as two words), the marks that combine with the character
// before them (an accent added, or nothing at all: U+034F), the other characters Unicode says to draw as
// nothing (variation selectors such as U+FE0F, the Hangul fillers such as U+3164) and the blank braille
// pattern U+2800, which draws as a space. Text that holds one reads, or pastes from the screen, as other text
// than it is.

/** One character a terminal does not show as itself. */
export const NON_PRINTABLE = new RegExp(
  `[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{M}\\p{Default_Ignorable_Code_Point}${BIDI_CONTROL_CLASS}` +
    `\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u2800\\u3000]`,
  'u',
);

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** True when `text` is printable ASCII only: text every terminal shows as itself, with nothing invisible in it
 *  and no letter from another script that looks like a Latin one. */
export function isPlainAscii(text: string): boolean {
  return PLAIN_ASCII.test(text);
}

// A backslash is written as `\\` by both escapes, so that a name holding the four characters `\x1b` does not read
// as one that holds ESC.

/** `text` with each character that is not printable ASCII written as its code: `\x1b`, `\xe0`, `\u200b`, `\u{e0001}`. */
export function escapedToAscii(text: string): string {
  return escapedPieces(text, (char) => !PLAIN_ASCII.test(char)).join('');
}

/** `text` with each character a terminal does not show as itself written as its code: `\x1b`, `\u200b`, `\u{e0001}`. */
export function escapeNonPrintable(text: string): string {
  return escapedNonPrintablePieces(text).join('');
}

/** escapeNonPrintable's result as one piece per character of `text` (an escape is one piece), so that it can be
 *  cut between characters: never inside an escape or a surrogate pair. */
export function escapedNonPrintablePieces(text: string): string[] {
  return escapedPieces(text, (char) => NON_PRINTABLE.test(char));
}

function escapedPieces(text: string, escaped: (char: string) => boolean): string[] {
  return Array.from(text, (char) => (char === '\\' ? '\\\\' : escaped(char) ? codeOf(char) : char));
}

function codeOf(char: string): string {
  const code = char.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}
