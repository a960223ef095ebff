import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/runner/process/line-splitter.js';

describe('LineSplitter', () => {
  it('splits on \\n, \\r and \\r\\n', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\nb\rc\r\nd')).toEqual(['a', 'b', 'c']);
    expect(splitter.flush()).toEqual(['d']);
  });

  it('carries a partial line across chunks', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('hel')).toEqual([]);
    expect(splitter.pending).toBe('hel');
    expect(splitter.push('lo\nwor')).toEqual(['hello']);
    expect(splitter.push('ld\n')).toEqual(['world']);
    expect(splitter.flush()).toEqual([]);
  });

  it('treats a \\r\\n split across chunks as one break', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\r')).toEqual(['a']);
    expect(splitter.push('\nb\n')).toEqual(['b']);
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('Hà Nội\n');
    expect(splitter.push(bytes.subarray(0, 2))).toEqual([]);
    expect(splitter.push(bytes.subarray(2))).toEqual(['Hà Nội']);
  });

  it('cuts a line that never ends so memory stays bounded', () => {
    const splitter = new LineSplitter(10);
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) lines.push(...splitter.push('x'.repeat(7)));
    expect(splitter.pending.length).toBeLessThanOrEqual(10);
    expect(lines.every((line) => line.length === 10)).toBe(true);
    expect(lines.join('').length + splitter.pending.length).toBe(700);
  });

  it('yields the bar segments of a Spark redraw', () => {
    const splitter = new LineSplitter();
    const lines = splitter.push('\r[Stage 1:>  (0 + 2) / 2]\r[Stage 1:=> (1 + 1) / 2]\r     \rdone\n');
    expect(lines).toEqual(['', '[Stage 1:>  (0 + 2) / 2]', '[Stage 1:=> (1 + 1) / 2]', '     ', 'done']);
  });
});

describe('LineSplitter and UTF-8', () => {
  it('joins a character cut between chunks, whether the next chunk is ASCII or not', () => {
    const bytes = Buffer.from('Hà Nội\nDa Nang\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('ộ', 'utf8')) + 1; // inside the three bytes of ộ
    for (const pieces of [[bytes.subarray(0, cut), bytes.subarray(cut)], [bytes.subarray(0, cut), bytes.subarray(cut, cut + 2), bytes.subarray(cut + 2)]]) {
      const splitter = new LineSplitter();
      const lines = pieces.flatMap((piece) => splitter.push(piece));
      expect([...lines, ...splitter.flush()]).toEqual(['Hà Nội', 'Da Nang']);
    }
  });
});
