import fs from 'node:fs';
import path from 'node:path';

export interface LogFollowerOptions {
  /** How long to wait for more once the end of the file is reached: `busyMs` while the file grows, growing
   *  to `idleMs` while it does not. */
  busyMs?: number;
  idleMs?: number;
  /** Bytes read at once. */
  chunkBytes?: number;
  /** At most this many bytes are handled before the event loop gets a turn (sockets, timers). */
  bytesPerTurn?: number;
  /** At most how often, while the file grows, the disk it is on is checked for space. */
  spaceCheckMs?: number;
  /** Told once when the disk holding the file is full: what the stage prints from now on is lost. */
  onNoSpace?: (error: NodeJS.ErrnoException) => void;
}

/**
 * Reads a log file as a stage appends to it, from `position` on, and hands each piece read to `onData`
 * (which must not keep the buffer). The stage writes its output straight to the file, so it never waits for
 * the console; the console follows at its own pace and loses nothing: `finish()` reads to the end.
 */
export class LogFollower {
  private fd: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private finishing: (() => void) | undefined;
  private done: Promise<void> | undefined;
  private lastSpaceCheck = 0;
  private reportedNoSpace = false;
  private readonly buffer: Buffer;
  private readonly idleMs: number;
  private readonly busyMs: number;
  private waitMs: number;
  private readonly bytesPerTurn: number;
  private readonly spaceCheckMs: number;

  constructor(
    private readonly file: string,
    private position: number,
    private readonly onData: (chunk: Buffer) => void,
    private readonly options: LogFollowerOptions = {},
  ) {
    this.buffer = Buffer.allocUnsafe(options.chunkBytes ?? 1024 * 1024);
    this.idleMs = options.idleMs ?? 100;
    this.busyMs = options.busyMs ?? 5;
    this.waitMs = this.busyMs;
    this.bytesPerTurn = options.bytesPerTurn ?? 16 * 1024 * 1024;
    this.spaceCheckMs = options.spaceCheckMs ?? 20;
  }

  start(): void {
    this.fd = fs.openSync(this.file, 'r');
    this.schedule(0);
  }

  /** Reads what is left (the stage has exited) and stops. */
  finish(): Promise<void> {
    this.done ??= new Promise<void>((resolve) => {
      this.finishing = resolve;
      if (this.fd === undefined) return resolve();
      clearTimeout(this.timer);
      this.schedule(0);
    });
    return this.done;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.turn(), ms);
  }

  private turn(): void {
    const fd = this.fd!;
    let handled = 0;
    for (;;) {
      const bytesRead = fs.readSync(fd, this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0) break;
      // Before what was read is handled (and may lead to writes of the run's own): a full disk is told first.
      if (handled === 0) this.checkSpace();
      this.position += bytesRead;
      handled += bytesRead;
      this.onData(this.buffer.subarray(0, bytesRead));
      if (handled >= this.bytesPerTurn) return void setImmediate(() => this.turn());
    }
    if (this.finishing) this.checkSpace();
    if (!this.finishing) {
      // A stage that prints keeps printing: look again soon. A quiet one is looked at less and less often.
      this.waitMs = handled > 0 ? this.busyMs : Math.min(this.idleMs, this.waitMs * 2);
      return this.schedule(this.waitMs);
    }
    fs.closeSync(fd);
    this.fd = undefined;
    this.finishing();
  }

  /** A full disk shows as a file that stops growing; statfs says why. */
  private checkSpace(): void {
    const now = Date.now();
    if (this.reportedNoSpace || !this.options.onNoSpace || (now - this.lastSpaceCheck < this.spaceCheckMs && !this.finishing)) return;
    this.lastSpaceCheck = now;
    let free: number;
    try {
      free = fs.statfsSync(path.dirname(this.file)).bavail;
    } catch {
      return;
    }
    if (free > 0) return;
    this.reportedNoSpace = true;
    const error: NodeJS.ErrnoException = Object.assign(new Error(`ENOSPC: no space left on device, write '${this.file}'`), { code: 'ENOSPC' });
    this.options.onNoSpace(error);
  }
}
