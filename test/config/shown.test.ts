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
});
