import { escapedNonPrintablePieces, escapeNonPrintable } from '../text/printable.js';

/** Longest piece of a typed value echoed back in a message. */
export const MAX_SHOWN_CHARS = 60;

/**
 * A value as echoed in a message: every character a terminal does not show as itself (src/text/printable.ts:
 * controls, which could act on the terminal; bidi controls, which reorder the message around them; zero-width
 * and other format characters and the spaces that are not U+0020, which hide in it) escaped, visible, and cut
 * to `max` characters with the full length named, so a 5,000-character paste does not flood the terminal.
 */
export function shown(value: string, max = MAX_SHOWN_CHARS): string {
  const pieces = escapedNonPrintablePieces(value);
  let length = 0;
  let kept = 0;
  while (kept < pieces.length && length + pieces[kept]!.length <= max) length += pieces[kept++]!.length;
  // Cut between characters, never inside an escape (`\x1` of `\x1b`) or a surrogate pair (a lone half would
  // reach the terminal as a character of its own).
  return kept === pieces.length ? pieces.join('') : `${pieces.slice(0, kept).join('')}… (${value.length} characters)`;
}

/** A value escaped as `shown` escapes it, but whole: a path (a runs dir) that must be read to the end. */
export function shownWhole(value: string): string {
  return escapeNonPrintable(value);
}
