import { appendEvent } from './run-folder.js';
import type { RunEvent } from './types.js';

export const SPARK_PROGRESS_JOURNAL_INTERVAL_MS = 1000;

/** Appends a run's events to events.ndjson: never stage output, Spark bars at most once a second per stage. */
export class EventJournal {
  private readonly lastSparkAt = new Map<string, number>();

  constructor(
    private readonly eventsFile: string,
    private readonly sparkIntervalMs = SPARK_PROGRESS_JOURNAL_INTERVAL_MS,
  ) {}

  record(event: RunEvent): void {
    if (event.type === 'stage-output') return;
    if (event.type === 'spark-progress') {
      const at = Date.parse(event.at);
      const last = this.lastSparkAt.get(event.stage);
      if (last !== undefined && at - last < this.sparkIntervalMs) return;
      this.lastSparkAt.set(event.stage, at);
    }
    appendEvent(this.eventsFile, event);
  }
}
