import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeJson } from '../../src/text/terminal-safe.js';

describe('terminalSafe', () => {
  it('drops screen clears, colours, OSC titles and bare control characters', () => {
    expect(terminalSafe('\u001b[2J\u001b[3Jcleared')).toBe('cleared');
    expect(terminalSafe('\u001b[31mred\u001b[0m text')).toBe('red text');
    expect(terminalSafe('\u001b]0;pwned title\u0007after')).toBe('after');
    expect(terminalSafe('\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(terminalSafe('bell\u0007 back\b\r')).toBe('bell back');
    expect(terminalSafe('a\tb')).toBe('a    b');
  });

  it('shows a message of several lines on one line, a space where each broke', () => {
    expect(terminalSafe('backfill: lock /w/.backfill-lock.json).\nOnly one backfill may write.\n')).toBe('backfill: lock /w/.backfill-lock.json). Only one backfill may write.');
  });

  it('takes a message of 200,000 line breaks and a word in one pass (no pattern backtracks over them)', () => {
    expect(terminalSafe(`${'\n'.repeat(200_000)}x`)).toBe(' x');
    expect(terminalSafe(`a${'\n'.repeat(200_000)}`)).toBe('a');
  });

  it('drops the bidi controls, so a log line or a location name cannot reorder what is shown (Trojan Source)', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    for (const control of bidi) expect(terminalSafe(`a${control}b`)).toBe('ab');
    // Shown raw, the override turns "ko ionaH" into "Hanoi ok": the line would say what it does not hold.
    expect(terminalSafe('INFO location \u202eko ionaH\u202c done')).toBe('INFO location ko ionaH done');
    expect(terminalSafe('\u2067Hà Nội\u2069\u200f')).toBe('Hà Nội');
  });

  it('keeps right-to-left letters, which are text, not controls', () => {
    expect(terminalSafe('city שלום مرحبا')).toBe('city שלום مرحبا');
  });

  it('keeps ordinary text, Unicode included', () => {
    expect(terminalSafe('26/11/24 INFO Hà Nội ✔ 100%')).toBe('26/11/24 INFO Hà Nội ✔ 100%');
  });
});

describe('terminalSafeJson', () => {
  it('escapes DEL, C1 and the bidi controls as \\u escapes, visible, and means the same JSON', () => {
    const value = { location: 'Hà Nội\u202e\u2066x\u2069', line: 'csi\u009b2J del\u007f', mark: '\u200f\u061c' };
    const json = terminalSafeJson(JSON.stringify(value));
    expect(json).toBe('{"location":"Hà Nội\\u202e\\u2066x\\u2069","line":"csi\\u009b2J del\\u007f","mark":"\\u200f\\u061c"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
