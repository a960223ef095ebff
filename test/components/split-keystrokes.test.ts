import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { splitKeystrokes } from '../../src/keys/split-keystrokes.js';

const NO_KEY = { ctrl: false, meta: false, shift: false, tab: false, return: false, backspace: false, delete: false } as Key;

describe('splitKeystrokes', () => {
  it('passes a single key through', () => {
    expect(splitKeystrokes('a', NO_KEY)).toEqual([{ input: 'a', key: NO_KEY }]);
  });

  it('splits coalesced keys into one keystroke each', () => {
    const keystrokes = splitKeystrokes('\x7fk\tA\r\x03', NO_KEY);
    expect(keystrokes.map(({ input, key }) => [input, key.delete, key.tab, key.return, key.ctrl, key.shift])).toEqual([
      ['', true, false, false, false, false],
      ['k', false, false, false, false, false],
      ['', false, true, false, false, false],
      ['A', false, false, false, false, true],
      ['', false, false, true, false, false],
      ['c', false, false, false, true, false],
    ]);
  });
});
