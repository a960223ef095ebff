import { parseJobResult, type JobResult } from './job-lines.js';
import { parseJobProgress } from './job-progress.js';
import { LineSplitter } from './line-splitter.js';
import { isSparkBarLine, leadingSparkBars, parseSparkProgress } from './spark-progress.js';
import type { JobProgress, SparkStageProgress } from '../run/run-types.js';

export interface StageOutputHandlers {
  /** Log lines of one chunk, batched; Spark bars and blank lines are left out. */
  onLines?(lines: string[]): void;
  onJobProgress?(progress: JobProgress): void;
  /** Latest Spark bars; an empty list once Spark has cleared its bar. */
  onSparkProgress?(stages: SparkStageProgress[]): void;
  /** The job's BACKFILL_RESULT line. */
  onJobResult?(result: JobResult): void;
}

/** Turns one output stream of a stage (stdout or stderr) into log lines and progress. */
export class StageOutputParser {
  private readonly splitter: LineSplitter;
  private lastSparkKey = '[]';

  constructor(
    private readonly handlers: StageOutputHandlers,
    maxLineLength?: number,
  ) {
    this.splitter = new LineSplitter(maxLineLength);
  }

  push(chunk: Buffer | string): void {
    this.handle(this.splitter.push(chunk));
    // Spark ends a bar with the `\r` of its next redraw, so a bar still pending is already complete.
    const pending = this.splitter.pending;
    if (pending.endsWith(']') && isSparkBarLine(pending)) this.reportSpark(parseSparkProgress(pending));
  }

  end(): void {
    this.handle(this.splitter.flush());
  }

  private handle(lines: string[]): void {
    const logLines: string[] = [];
    for (let line of lines) {
      // Each test looks cheaply first: in a flood nearly every line is a plain log line.
      if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) {
        // Spark clears its bar with `\r` + spaces + `\r`.
        if (line.length > 0) this.reportSpark([]);
        continue;
      }
      if (line.startsWith('[Stage ')) {
        // stdout and stderr share the log: a line the job printed can follow a bar Spark drew without a break.
        const bars = leadingSparkBars(line);
        if (bars.length > 0) {
          this.reportSpark(parseSparkProgress(bars));
          line = line.slice(bars.length);
          if (line.trim() === '') continue;
        }
      }
      const progress = line.includes('BACKFILL_PROGRESS') ? parseJobProgress(line) : undefined;
      if (progress) this.handlers.onJobProgress?.(progress);
      else if (this.handlers.onJobResult && line.includes('BACKFILL_RESULT')) {
        const result = parseJobResult(line);
        if (result) this.handlers.onJobResult(result);
      }
      logLines.push(line);
    }
    if (logLines.length > 0) this.handlers.onLines?.(logLines);
  }

  private reportSpark(stages: SparkStageProgress[]): void {
    const key = JSON.stringify(stages);
    if (key === this.lastSparkKey) return;
    this.lastSparkKey = key;
    this.handlers.onSparkProgress?.(stages);
  }
}
