import { StringDecoder } from 'node:string_decoder';
import { DEFAULT_MAX_LINE_LENGTH } from '../../runner/process/line-splitter.js';
import { terminalSafe } from '../../text/terminal-safe.js';

/**
 * A writable that prints a log file's lines as they may reach a terminal: each through terminalSafe (a log
 * holds whatever a job printed), a `\r`-drawn line as its last drawing, only the lines `keep` accepts, and
 * `header` above a kept line whenever the output comes from another file than the line before.
 */
export class PrintedLines {
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly keep: (line: string) => boolean,
    private readonly header: string,
    private readonly lastFile: { header?: string },
  ) {}

  write(chunk: Buffer | string): boolean {
    const lines = (this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
    // A line with no break in sight (a job that printed without one, a file of NULs) is printed in pieces as it
    // is read, as the runner cuts it, so memory holds one piece whatever the file.
    let cut = 0;
    for (; this.partial.length - cut > DEFAULT_MAX_LINE_LENGTH; cut += DEFAULT_MAX_LINE_LENGTH) {
      this.emit(this.partial.slice(cut, cut + DEFAULT_MAX_LINE_LENGTH), 'piece');
    }
    if (cut > 0) this.partial = this.partial.slice(cut);
    return true;
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.emit(rest);
  }

  /** A `piece` of a cut line that shows nothing is not printed: it is no line of the log. */
  private emit(line: string, kind: 'line' | 'piece' = 'line'): void {
    const visible = terminalSafe(line.slice(line.lastIndexOf('\r') + 1));
    if (kind === 'piece' && visible === '') return;
    if (!this.keep(visible)) return;
    if (this.header !== '' && this.lastFile.header !== this.header) {
      this.out.write(`${this.lastFile.header === undefined ? '' : '\n'}${this.header}`);
      this.lastFile.header = this.header;
    }
    this.out.write(`${visible}\n`);
  }
}
