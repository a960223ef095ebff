import { describe, expect, it } from 'vitest';
import { terminalVerdict } from '../../src/cli/interactive-terminal.js';

const rawCapable = { isTTY: true, setRawMode: () => {} };

describe('terminalVerdict', () => {
  it('is interactive only with a terminal on both ends', () => {
    expect(terminalVerdict({ out: { isTTY: true }, in: rawCapable })).toEqual({ interactive: true });
    expect(terminalVerdict({ out: { isTTY: false }, in: rawCapable })).toEqual({ interactive: false });
  });

  it('says why when stdout is a terminal and stdin is not (attach </dev/null, ssh without -t)', () => {
    const verdict = terminalVerdict({ out: { isTTY: true }, in: { isTTY: false } });
    expect(verdict.interactive).toBe(false);
    expect(!verdict.interactive && verdict.note).toMatch(/^backfill: standard input is not a terminal.*running headless/);
  });
});
