import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/text/terminal-safe.js';

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

  it('keeps ordinary text, Unicode included', () => {
    expect(terminalSafe('26/11/24 INFO Hà Nội ✔ 100%')).toBe('26/11/24 INFO Hà Nội ✔ 100%');
  });
});
