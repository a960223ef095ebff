import { BIDI_CONTROL_CLASS } from './terminal-safe.js';

// What a terminal does not show as itself: C0 and C1 controls and DEL (Cc), the bidi controls and the other
// format characters such as zero-width spaces and joiners (Cf), line and paragraph separators, lone surrogates,
// and the spaces that are not U+0020 (one would read as two words). Text that holds one reads, or pastes from
// the screen, as other text than it is.

/** One character a terminal does not show as itself. */
export const NON_PRINTABLE = new RegExp(`[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}${BIDI_CONTROL_CLASS}\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]`, 'u');

/** True when every character of `text` shows on a terminal as itself, so what the operator reads (and copies) is `text`. */
export function isPrintable(text: string): boolean {
  return !NON_PRINTABLE.test(text);
}

/** `text` with each character a terminal does not show as itself written as its code: `\x1b`, `\u200b`, `\u{e0001}`. */
export function escapeNonPrintable(text: string): string {
  return Array.from(text, (char) => {
    if (!NON_PRINTABLE.test(char)) return char;
    const code = char.codePointAt(0)!;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
  }).join('');
}
