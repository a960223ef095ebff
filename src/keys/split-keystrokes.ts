import type { Key } from 'ink';

// Ink splits its input only at escape sequences, so keys typed fast (or coalesced by SSH) can arrive as one
// string such as "\x7f\x7f15\t". Single-key commands need them one at a time.

const CONTROL_KEYS: Record<string, Partial<Key>> = {
  '\t': { tab: true },
  '\r': { return: true },
  '\n': { return: true },
  '\x7f': { delete: true },
  '\b': { backspace: true },
};

/** One keystroke per character of a multi-character input; a single key passes through unchanged. */
export function splitKeystrokes(input: string, key: Key): Array<{ input: string; key: Key }> {
  const characters = Array.from(input);
  if (characters.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  const plain: Key = { ...key, shift: false };
  const keystrokes: Array<{ input: string; key: Key }> = [];
  for (const character of characters) {
    const control = CONTROL_KEYS[character];
    const code = character.codePointAt(0) ?? 0;
    if (control) keystrokes.push({ input: '', key: { ...plain, ...control } });
    else if (code >= 1 && code <= 26) keystrokes.push({ input: String.fromCharCode(code + 96), key: { ...plain, ctrl: true } });
    else if (code >= 0x20 && code !== 0x7f) keystrokes.push({ input: character, key: { ...plain, shift: /[A-Z]/.test(character) } });
  }
  return keystrokes;
}
