import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

const LF = 10;
const CR = 13;

/** Longest partial line kept between chunks; a stream with no line breaks is cut into pieces this long. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

export class LineTooLongError extends Error {
  constructor(readonly maxLineLength: number) {
    super(`line longer than ${maxLineLength} characters`);
  }
}

/**
 * Splits a byte stream into lines on `\n`, `\r` and `\r\n`, carrying a partial line across chunks.
 * `\r` counts as a break because Spark redraws its console bar in place with it.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private lastChunkEndedWithCR = false;
  /** The decoder may hold the first bytes of a character cut by the chunk's end. */
  private decoderHoldsBytes = false;

  /** With `overlong: 'throw'` a partial line past the limit is an error (a message stream) instead of being
   *  cut into pieces (a log). */
  constructor(
    private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
    private readonly overlong: 'cut' | 'throw' = 'cut',
  ) {}

  /** The text after the last line break, not yet returned as a line. */
  get pending(): string {
    return this.partial;
  }

  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decode(chunk);
    if (text.length === 0) return [];
    const lines: string[] = [];
    let start = this.lastChunkEndedWithCR && text.charCodeAt(0) === LF ? 1 : 0;
    this.lastChunkEndedWithCR = false;
    // The breaks are found with indexOf, natively: a flood of a million lines is mostly this loop.
    let nextLf = text.indexOf('\n', start);
    let nextCr = text.indexOf('\r', start);
    while (nextLf >= 0 || nextCr >= 0) {
      let i = nextCr < 0 || (nextLf >= 0 && nextLf < nextCr) ? nextLf : nextCr;
      const line = this.partial + text.slice(start, i);
      this.partial = '';
      if (this.overlong === 'throw' && line.length > this.maxLineLength) throw new LineTooLongError(this.maxLineLength);
      lines.push(line);
      if (text.charCodeAt(i) === CR) {
        if (i + 1 === text.length) this.lastChunkEndedWithCR = true;
        else if (text.charCodeAt(i + 1) === LF) i++;
      }
      start = i + 1;
      if (nextLf >= 0 && nextLf < start) nextLf = text.indexOf('\n', start);
      if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
    }
    this.partial += text.slice(start);
    if (this.overlong === 'throw' && this.partial.length > this.maxLineLength) {
      this.partial = '';
      throw new LineTooLongError(this.maxLineLength);
    }
    while (this.partial.length > this.maxLineLength) {
      lines.push(this.partial.slice(0, this.maxLineLength));
      this.partial = this.partial.slice(this.maxLineLength);
    }
    return lines;
  }

  /** Logs are nearly all ASCII, which needs no UTF-8 decoding: a flood spends most of its time decoding. */
  private decode(chunk: Buffer): string {
    if (!this.decoderHoldsBytes && isAscii(chunk)) return chunk.toString('latin1');
    const text = this.decoder.write(chunk);
    this.decoderHoldsBytes = !endsOnCharacterBoundary(chunk);
    return text;
  }

  /** Ends the stream: returns the last unterminated line, if any. */
  flush(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    this.lastChunkEndedWithCR = false;
    return rest.length > 0 ? [rest] : [];
  }
}

/** True when the bytes do not end inside a UTF-8 character. */
function endsOnCharacterBoundary(bytes: Buffer): boolean {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte < 0x80) return true;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return back >= length;
  }
  return false;
}
