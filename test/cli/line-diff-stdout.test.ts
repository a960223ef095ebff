import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LineDiffStdout } from '../../src/cli/line-diff-stdout.js';

const ESC = '\u001b';
/** What ansi-escapes' eraseLines(count) writes, as Ink's standard redraw starts. */
const eraseLines = (count: number) => `${`${ESC}[2K${ESC}[1A`.repeat(Math.max(0, count - 1))}${count > 0 ? `${ESC}[2K${ESC}[G` : ''}`;

function terminal() {
  const written: string[] = [];
  const fake = Object.assign(new EventEmitter(), { isTTY: true, rows: 30, columns: 100, write: (text: string) => (written.push(text), true) });
  return { stream: new LineDiffStdout(fake as unknown as NodeJS.WriteStream), fake, written };
}

/** Replays what reaches a terminal on a grid of lines, enough to check where text lands. */
function screen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
   
  for (const token of output.match(/\u001b\[\d*[A-Za-z]|\u001b\[\?\d+[hl]|\r|\n|[^\u001b\r\n]+/g) ?? []) {
    if (token === '\n') row++;
    else if (token === '\r') continue;
    else if (/^\u001b\[\d*A$/.test(token)) row -= Number(token.slice(2, -1) || 1);
    else if (/^\u001b\[\d*B$/.test(token)) row += Number(token.slice(2, -1) || 1);
    else if (token === `${ESC}[2K`) lines[row] = '';
    else if (token.startsWith(ESC)) continue;
    else lines[row] = (lines[row] ?? '') + token;
    while (lines.length <= row) lines.push('');
  }
  return lines;
}

describe('LineDiffStdout', () => {
  it('turns a full redraw into the changed lines only, and the screen ends up the same', () => {
    const { stream, written } = terminal();
    const first = 'header 0s\nstage row\nlog 1\n';
    const second = 'header 1s\nstage row\nlog 1\n';
    const raw = stream.translate(first) + stream.translate(eraseLines(4) + second);
    written.push(raw);
    const redraw = stream.translate(eraseLines(4) + 'header 2s\nstage row\nlog 1\n');
    expect(redraw).toBe(`\r${ESC}[3A${ESC}[2Kheader 2s\n${ESC}[2B`);
    expect(screen(raw + redraw).slice(0, 3)).toEqual(['header 2s', 'stage row', 'log 1']);
    expect(redraw.length).toBeLessThan('header 2s\nstage row\nlog 1\n'.length + eraseLines(4).length);
  });

  it('blanks the lines a shorter frame no longer covers and ends below it', () => {
    const { stream } = terminal();
    const out = stream.translate('a\nb\nc\n') + stream.translate(eraseLines(4) + 'a\nB\n');
    expect(screen(out).slice(0, 3)).toEqual(['a', 'B', '']);
    expect(stream.translate(eraseLines(3) + 'a\nB\nc\n')).toBe(`\r${ESC}[2A${ESC}[2B${ESC}[2Kc\n`);
  });

  it('passes through what it does not understand, and forgets the frame on a clear or a resize', () => {
    const { stream, fake } = terminal();
    stream.translate('a\nb\n');
    expect(stream.translate('\u0007')).toBe('\u0007');
    expect(stream.translate(`${ESC}[?25h`)).toBe(`${ESC}[?25h`);
    const clear = `${ESC}[2J${ESC}[3J${ESC}[Hx\n`;
    expect(stream.translate(clear)).toBe(clear);
    const whole = eraseLines(3) + 'a\nb\n';
    expect(stream.translate(whole)).toBe(whole); // frame unknown after the clear: written whole
    fake.emit('resize');
    expect(stream.translate(eraseLines(3) + 'a\nc\n')).toBe(eraseLines(3) + 'a\nc\n');
  });
});

describe('LineDiffStdout and a terminal that went away', () => {
  it('does not turn a failed write into an error of its own', async () => {
    const fake = Object.assign(new EventEmitter(), {
      isTTY: true,
      rows: 30,
      columns: 100,
      write: (_text: string, done: (error?: Error) => void) => (done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })), false),
    });
    const stream = new LineDiffStdout(fake as unknown as NodeJS.WriteStream);
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    await new Promise<void>((resolve) => stream.write('a\n', () => resolve()));
    expect(errors).toEqual([]);
  });
});
