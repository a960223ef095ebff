import { describe, expect, it } from 'vitest';
import { shown } from '../../src/config/shown.js';

describe('shown', () => {
  it('escapes control characters, visible', () => {
    expect(shown('x\u001b[2J\u0007\u009b')).toBe('x\\x1b[2J\\x07\\x9b');
  });

  it('escapes the bidi controls, visible, so an echoed value cannot reorder the message around it', () => {
    expect(shown('/data/\u202elsnoj.evil')).toBe('/data/\\u202elsnoj.evil');
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    for (const control of bidi) expect(shown(`a${control}b`)).toBe(`a\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}b`);
  });

  it('escapes the other characters a terminal does not show as themselves: zero-width and format characters, odd spaces', () => {
    expect(shown('3\u200b')).toBe('3\\u200b');
    expect(shown('\u00a03\u3000')).toBe('\\xa03\\u3000');
    expect(shown('a\u2028b\ufeffc\u2060d\u00ade')).toBe('a\\u2028b\\ufeffc\\u2060d\\xade');
    expect(shown('x\u{e0041}')).toBe('x\\u{e0041}');
    expect(shown('\ud800x')).toBe('\\ud800x');
  });

  it('keeps ordinary text, right-to-left letters included, and cuts a long value naming its length', () => {
    expect(shown('Hà Nội שלום')).toBe('Hà Nội שלום');
    expect(shown('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}… (100 characters)`);
  });

  it('cuts between characters: never inside a surrogate pair or an escape', () => {
    // An emoji across the cut: slicing code units would leave its high half, a lone surrogate, in the message.
    const cut = shown(`${'x'.repeat(9)}\u{1F600}tail`, 10);
    expect(cut).toBe(`${'x'.repeat(9)}… (15 characters)`);
    expect(cut).not.toMatch(/[\ud800-\udfff]/);
    expect(shown(`${'x'.repeat(8)}\u001b[2J`, 10)).toBe(`${'x'.repeat(8)}… (12 characters)`);
    expect(shown(`${'x'.repeat(8)}\u{1F600}`, 10)).toBe(`${'x'.repeat(8)}\u{1F600}`);
  });

  it('writes a backslash as two, so typed text that reads as an escape is told from the character', () => {
    expect(shown('a\\x1bb')).toBe('a\\\\x1bb');
    expect(shown('a\u001bb')).toBe('a\\x1bb');
    expect(shown('a\\x1bb')).not.toBe(shown('a\u001bb'));
  });
});
