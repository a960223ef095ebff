import type { RunEvent } from '../runner/run/events.js';

type StageOutput = Extract<RunEvent, { type: 'stage-output' }>;

export interface OutputCoalescerOptions {
  /** How often gathered output goes to the clients. */
  intervalMs?: number;
  /** At most this many lines per stage (or chunk) per interval reach the clients; older ones are counted. */
  maxLinesPerFlush?: number;
}

/**
 * Sits between the runner and the socket clients. A screen shows a log's tail, so a stage printing 100,000
 * lines a second need not cost every client 100,000 lines a second: output is gathered per stage and chunk,
 * sent every interval, and capped, with one line saying how many were left out (every line is in the log
 * file). Any other event first sends what was gathered, so a client never sees output after the event
 * that ended it.
 */
export class OutputCoalescer {
  private readonly pending = new Map<string, { event: StageOutput; skipped: number }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly maxLines: number;

  constructor(
    private readonly emit: (event: RunEvent) => void,
    options: OutputCoalescerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    this.maxLines = options.maxLinesPerFlush ?? 500;
  }

  push(event: RunEvent): void {
    if (event.type !== 'stage-output') {
      this.flush();
      this.emit(event);
      return;
    }
    const key = `${event.stage}\0${event.chunk ?? ''}`;
    const entry = this.pending.get(key) ?? { event: { ...event, lines: [] }, skipped: 0 };
    this.pending.set(key, entry);
    entry.event.at = event.at;
    const lines = entry.event.lines;
    const fresh = event.lines.length > this.maxLines ? event.lines.slice(-this.maxLines) : event.lines;
    entry.skipped += event.lines.length - fresh.length;
    for (const line of fresh) lines.push(line);
    if (lines.length > this.maxLines) entry.skipped += lines.splice(0, lines.length - this.maxLines).length;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const { event, skipped } of this.pending.values()) {
      const notice = `[backfill] ${skipped.toLocaleString('en-US')} lines not shown here; every line is in the log file`;
      this.emit(skipped > 0 ? { ...event, lines: [notice, ...event.lines] } : event);
    }
    this.pending.clear();
  }
}
