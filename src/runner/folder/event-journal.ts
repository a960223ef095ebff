import { appendEvent } from './run-folder.js';
import type { RunEvent } from '../run/events.js';

export const SPARK_PROGRESS_JOURNAL_INTERVAL_MS = 1000;

/** Appends a run's events to events.ndjson: never stage output; Spark bars, Spark UI and memory polls at
 *  most once a second per stage (and chunk). */
export class EventJournal {
  private readonly lastSparkAt = new Map<string, number>();

  constructor(
    private readonly eventsFile: string,
    private readonly sparkIntervalMs = SPARK_PROGRESS_JOURNAL_INTERVAL_MS,
  ) {}

  record(event: RunEvent): void {
    if (event.type === 'stage-output') return;
    if (event.type === 'spark-progress' || event.type === 'spark-ui' || event.type === 'spark-memory') {
      const key = `${event.type}:${event.stage}:${event.chunk ?? ''}`;
      const at = Date.parse(event.at);
      const last = this.lastSparkAt.get(key);
      if (last !== undefined && at - last < this.sparkIntervalMs) return;
      this.lastSparkAt.set(key, at);
    }
    appendEvent(this.eventsFile, event);
  }
}
