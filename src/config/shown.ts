import { BIDI_CONTROL_CLASS } from '../text/terminal-safe.js';

/** Longest piece of a typed value echoed back in a message. */
export const MAX_SHOWN_CHARS = 60;

// Control characters (\xNN) and the bidi controls (\uNNNN): shown raw, the ones could act on the terminal and the
// others reorder the message around them.
const UNSHOWN = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROL_CLASS}]`, 'g');

function escaped(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A value as echoed in a message: control characters and bidi controls escaped, visible (a value may hold
 * escape sequences, or text that reads in another order) and cut to `max` characters, with the full length
 * named, so a 5,000-character paste does not flood the terminal.
 */
export function shown(value: string, max = MAX_SHOWN_CHARS): string {
  const safe = shownWhole(value);
  return safe.length <= max ? safe : `${safe.slice(0, max)}… (${value.length} characters)`;
}

/** A value escaped as `shown` escapes it, but whole: a path (a runs dir) that must be read to the end. */
export function shownWhole(value: string): string {
  return value.replace(UNSHOWN, escaped);
}
