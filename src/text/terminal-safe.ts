// A job's output is not trusted to be polite: Spark, Python or a broken job can print escape sequences that
// clear the operator's screen (`ESC[2J`), retitle the window (OSC 0) or worse. Before a log line reaches a
// terminal it loses every escape sequence and control character; a tab becomes spaces. It loses the Unicode
// bidi controls too: a line or a location name that holds them would show its characters in another order
// than they are ("Trojan Source").

 
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g; // OSC ... BEL or ST (or cut off)
 
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
 
const OTHER_ESCAPE = /\u001b[@-Z\\-_]?/g; // two-character escapes (and a lone ESC)
 
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]+/g;

/** The bidi controls, as the body of a character class: the embeddings and overrides (U+202A-U+202E), the
 *  isolates (U+2066-U+2069), the marks (U+200E, U+200F) and the Arabic letter mark (U+061C). */
export const BIDI_CONTROL_CLASS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

const BIDI_CONTROL = new RegExp(`[${BIDI_CONTROL_CLASS}]+`, 'g');

/** `line` without escape sequences, control characters and bidi controls, tabs as four spaces; a message of
 *  several lines shown on one keeps a space where it broke. Every pattern here is matched in linear time:
 *  `line` comes from outside. */
export function terminalSafe(line: string): string {
  return line
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(/\t/g, '    ')
    .replace(/\n+/g, (run: string, at: number, text: string) => (at + run.length === text.length ? '' : ' '))
    .replace(CONTROL, '')
    .replace(BIDI_CONTROL, '');
}

// The one sanitizer for anything from outside (a job's output or BACKFILL_RESULT, Spark, a run folder, a
// notify command) that is printed: the functions below are terminalSafe applied where text is printed.

/** Several lines (a report, a block of a summary): each made terminal-safe, the line breaks kept. */
export function terminalSafeLines(text: string): string {
  return text
    .split('\n')
    .map((line) => terminalSafe(line))
    .join('\n');
}

const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROL_CLASS}]`, 'g');

/**
 * JSON text as it may be printed: JSON.stringify escapes C0 controls (ESC becomes \u001b) but leaves DEL, the
 * C1 controls (U+009B is a CSI of its own) and the bidi controls raw; these are escaped too, visible. The JSON
 * means the same.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A stream that writes only terminal-safe lines, whatever it is given. */
export function terminalSafeSink<T extends { write(text: string): unknown }>(out: T): { write(text: string): unknown } {
  return { write: (text: string) => out.write(terminalSafeLines(text)) };
}
