import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PrintedLines } from '../../src/cli/commands/printed-lines.js';
import { DEFAULT_MAX_LINE_LENGTH } from '../../src/runner/process/line-splitter.js';

function collector() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

describe('PrintedLines: a log printed as it may reach a terminal', () => {
  it('prints a \\r-drawn line as its last drawing, through the sanitizer', () => {
    const { out, text } = collector();
    const sink = new PrintedLines(out, () => true, '', {});
    sink.write(Buffer.from('first\nbar 10%\rbar 100%\n\u001b[2Jcleared'));
    sink.end();
    expect(text()).toBe('first\nbar 100%\ncleared\n');
  });

  // `backfill logs` over a log that is one huge line (a job that printed without line breaks, a file of NULs)
  // kept the whole line in memory: 1 GB of it ended in `RangeError: Invalid string length` with a stack trace.
  it('prints a line with no break in sight in pieces as it reads, keeping at most one piece', () => {
    const { out, text } = collector();
    const sink = new PrintedLines(out, () => true, '', {});
    const piece = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 64; i++) sink.write(Buffer.from(piece)); // 4 MiB, no line break
    const printedBeforeEnd = text();
    expect(printedBeforeEnd.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(Math.max(...printedBeforeEnd.split('\n').map((line) => line.length))).toBeLessThanOrEqual(DEFAULT_MAX_LINE_LENGTH);
    sink.end();
    expect(text().replace(/\n/g, '')).toBe(piece.repeat(64));
  });

  it('prints nothing for pieces of a line that hold only what the sanitizer drops (a sparse file of NULs)', () => {
    const { out, text } = collector();
    const sink = new PrintedLines(out, () => true, '', {});
    for (let i = 0; i < 16; i++) sink.write(Buffer.alloc(1024 * 1024));
    sink.write(Buffer.from('\nafter\n'));
    sink.end();
    expect(text()).toBe('\nafter\n');
  });
});
