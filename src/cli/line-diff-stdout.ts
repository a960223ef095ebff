import { Writable } from 'node:stream';

// Over SSH every byte of a redraw costs. Ink redraws by erasing its whole last frame and writing the new one,
// even when one character of the elapsed clock changed; its own incremental mode (6.8) misplaces the first
// line. This stream sits between Ink and the terminal: a redraw that erases exactly the last frame becomes
// "go up to the frame's top, rewrite only the lines that changed", and leaves the cursor where Ink expects it.
// Any other write passes through unchanged; one that clears the screen makes it forget the frame.

const ESC = '\u001b';
const ERASE_PREFIX = /^((?:\u001b\[2K\u001b\[1A)*\u001b\[2K\u001b\[G)/;
const ERASE_LINE = `${ESC}[2K`;

/** The terminal features Ink reads from its stdout, passed through from the real one. */
type Terminal = NodeJS.WriteStream;

export class LineDiffStdout extends Writable {
  /** The visible lines of the frame on screen, the cursor on the line below it; null when unknown. */
  private frame: string[] | null = null;

  constructor(private readonly terminal: Terminal) {
    super({ decodeStrings: false });
    terminal.on('resize', () => {
      this.frame = null; // lines may have re-wrapped: the next redraw is a whole one
      this.emit('resize');
    });
  }

  get isTTY(): boolean {
    return this.terminal.isTTY;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  get columns(): number {
    return this.terminal.columns;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    // A terminal that went away (EPIPE on a dropped SSH link) is handled where stdout's errors are
    // (src/lifecycle/survive-broken-pipes.ts); an error here would end the console in the middle of a run.
    this.terminal.write(this.translate(typeof chunk === 'string' ? chunk : chunk.toString('utf8')), () => done());
  }

  /** What reaches the terminal for one write of Ink's. */
  translate(text: string): string {
    const prefix = ERASE_PREFIX.exec(text)?.[1] ?? '';
    const erased = prefix === '' ? 0 : prefix.split(ERASE_LINE).length - 1;
    const body = text.slice(prefix.length);
    if (text.includes(`${ESC}[2J`) || text.includes(`${ESC}[H`)) {
      this.frame = null;
      return text;
    }
    const isFrame = body.endsWith('\n') && !body.includes(`${ESC}[1A`);
    if (prefix !== '' && !isFrame && body === '') {
      this.frame = null; // Ink cleared its frame (before a write of its own, or on exit)
      return text;
    }
    if (!isFrame) return text; // cursor show/hide, bell, synchronized-update marks: no line moves
    const next = body.slice(0, -1).split('\n');
    const previous = this.frame;
    this.frame = next;
    if (previous === null || erased !== previous.length + 1) return text;
    return redraw(previous, next);
  }
}

/** From the line below `previous`, rewrite what differs in `next` and end on the line below it. */
function redraw(previous: readonly string[], next: readonly string[]): string {
  const out: string[] = [previous.length > 0 ? `\r${ESC}[${previous.length}A` : '\r'];
  // Unchanged lines are stepped over: one cursor-down for a run of them, within the frame already drawn.
  let skip = 0;
  for (let index = 0; index < next.length; index++) {
    if (next[index] === previous[index] && index < previous.length) {
      skip++;
      continue;
    }
    if (skip > 0) out.push(`${ESC}[${skip}B`);
    skip = 0;
    out.push(`${ERASE_LINE}${next[index]}\n`);
  }
  if (skip > 0) out.push(`${ESC}[${skip}B`);
  // A shorter frame: blank the lines it no longer covers, then come back up.
  const extra = previous.length - next.length;
  if (extra > 0) {
    for (let index = 0; index < extra; index++) out.push(`${ERASE_LINE}\n`);
    out.push(`${ESC}[${extra}A`);
  }
  return out.join('');
}
