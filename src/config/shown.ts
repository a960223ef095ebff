/** Longest piece of a typed value echoed back in a message. */
export const MAX_SHOWN_CHARS = 60;

/**
 * A value as echoed in a message: control characters escaped (a value may hold escape sequences) and cut to
 * `max` characters, with the full length named, so a 5,000-character paste does not flood the terminal.
 */
export function shown(value: string, max = MAX_SHOWN_CHARS): string {
   
  const safe = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe.length <= max ? safe : `${safe.slice(0, max)}… (${value.length} characters)`;
}
