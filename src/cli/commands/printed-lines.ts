import { StringDecoder } from 'node:string_decoder';
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
    return true;
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.emit(rest);
  }

  private emit(line: string): void {
    const visible = terminalSafe(line.slice(line.lastIndexOf('\r') + 1));
    if (!this.keep(visible)) return;
    if (this.header !== '' && this.lastFile.header !== this.header) {
      this.out.write(`${this.lastFile.header === undefined ? '' : '\n'}${this.header}`);
      this.lastFile.header = this.header;
    }
    this.out.write(`${visible}\n`);
  }
}
