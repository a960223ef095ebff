import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createRawKeyFilter } from '../../src/keys/raw-key-filter.js';
import { createTerminalStringFilter } from '../../src/keys/terminal-strings.js';
import { KEYS } from './fake-controller.js';
import { renderRunningRun } from './run-screen-harness.js';

afterEach(() => cleanup());

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

// Each payload holds command keys: read as keys they would abort, skip, retry, quit, detach, open the help.
const TERMINAL_STRINGS = [
  `${ESC}]11;rgb:aaaa/dddd/ffff${BEL}`, // OSC 11: the background colour
  `${ESC}]52;c;cXVpdCBhYm9ydA==${ST}`, // OSC 52: the clipboard
  `${ESC}P1$r0;1;4m${ST}`, // DCS: DECRQSS's reply
  `${ESC}_Gi=31;ENOENT:a file?${ST}`, // APC: kitty's graphics reply
  `${ESC}^quads? rjkf${ST}`, // PM
  `${ESC}Xskip this, abort, quit?${BEL}`, // SOS
];

/** Every piece through one filter, in order; what it kept, joined. */
function through(pieces: readonly string[]): string {
  const filter = createTerminalStringFilter();
  return pieces.map((piece) => filter.push(piece)).join('');
}

describe('terminal strings that arrive as input are dropped whole', () => {
  it('OSC, DCS, APC, PM and SOS, whole or split across reads, through the real input path: no payload acts as keys', async () => {
    const view = await renderRunningRun();
    const ui = view.store.getState().ui;
    for (const string of TERMINAL_STRINGS) await view.press(string);
    await view.press(TERMINAL_STRINGS.join(''));
    // Split across reads, the terminator too (ESC, then \ in the next read).
    for (const piece of [`${ESC}]11;rgb:`, 'aaaa/qqqq/', 'ssss', ESC, '\\']) await view.press(piece);
    for (const piece of [`${ESC}P`, '1$r', `q${ESC}`, '\\']) await view.press(piece);
    for (const shown of ['Abort the run?', 'Running: abort the run and quit', 'Stop bronze', 'Show or hide this help.', 'cannot be detached']) expect(view.frame()).not.toContain(shown);
    expect(view.store.getState().ui).toEqual(ui);
    expect(view.controller.sent).toEqual([]);
    expect(view.onExit).not.toHaveBeenCalled();
    // Keys after a string act.
    await view.press(`${TERMINAL_STRINGS[0]}a`);
    expect(view.frame()).toContain('Abort the run?');
  });

  it('in the filter prompt, a reply arriving while typing adds nothing to the pattern', async () => {
    const view = await renderRunningRun();
    for (const key of ['/', 'e', 'r', ...TERMINAL_STRINGS, 'r']) await view.press(key);
    expect(view.store.getState().ui.overlay).toEqual({ kind: 'filter', draft: 'err' });
  });

  it('keeps what is not a string, around and between them', () => {
    expect(through([`ab${ESC}]0;title${BEL}cd`])).toBe('abcd');
    expect(through([`${ESC}]0;x${ST}q${ESC}P1$r${ST}${KEYS.up}`])).toBe(`q${KEYS.up}`);
    expect(through(['a', `${ESC}]`, '0;ti', 'tle', BEL, 'b'])).toBe('ab');
    // Other escape sequences pass: arrows, PgDn, Esc.
    expect(through([KEYS.up, KEYS.escape, 'x', KEYS.pageDown])).toBe(`${KEYS.up}${KEYS.escape}x${KEYS.pageDown}`);
  });

  it('ends a string at BEL, ESC \\ (split or not), or any other escape, which is read as a key again', () => {
    expect(through([`${ESC}]52;c;YQ==`, ESC, '\\a'])).toBe('a');
    expect(through([`${ESC}_payload${ESC}`, '\\', 's'])).toBe('s');
    // An arrow inside a string ends it (as in xterm) and is kept; a lone Esc ends it and the next key acts.
    expect(through([`${ESC}]never ends ${KEYS.up}`])).toBe(KEYS.up);
    expect(through([`${ESC}]never ends`, 'still', ESC, 'q'])).toBe('q');
    // A new string right after the escape that ended the last one is dropped too.
    expect(through([`${ESC}]a${ESC}]b${BEL}c`])).toBe('c');
  });

  it('a string that never ends keeps swallowing its payload in constant memory and linear time', () => {
    const filter = createTerminalStringFilter();
    expect(filter.push(`${ESC}]`)).toBe('');
    const megabyte = 'a'.repeat(1 << 20);
    for (let piece = 0; piece < 64; piece += 1) expect(filter.push(megabyte)).toBe('');
    expect(filter.push(`${BEL}q`)).toBe('q');
    // Many short strings and many terminators in one piece: each character is looked at once.
    const many = `${`${ESC}]x${BEL}`.repeat(100_000)}${BEL.repeat(100_000)}k`;
    expect(filter.push(many)).toBe(`${BEL.repeat(100_000)}k`);
  });

  it('the raw key filter drops a string, Alt keys and unknown keys, and keeps keys', () => {
    const filter = createRawKeyFilter();
    expect(filter(`${ESC}]`)).toBeUndefined();
    expect(filter('11;rgb:aaaa/bbbb/cccc')).toBeUndefined();
    expect(filter(`${ESC}\\`)).toBeUndefined();
    expect(filter('a')).toBe('a');
    expect(filter(`${ESC}a`)).toBeUndefined();
    expect(filter('\u001b[0n')).toBeUndefined();
    expect(filter(KEYS.escape)).toBe(KEYS.escape);
  });
});
