import type { RunEvent } from '../runner/run/events.js';

export interface EventBatcher {
  push(event: RunEvent): void;
  /** Delivers what is pending now; called on teardown too so no event is lost. */
  flush(): void;
  cancel(): void;
  /** Hands over the events held for the next whole second (progress alone), if that is what is pending. */
  takePaced(): RunEvent[];
}

export interface EventBatcherOptions {
  /** At most one delivery per this many milliseconds: a flood of output becomes a few store updates a second. */
  intervalMs: number;
  /** Deliver early when this many output lines are pending, which bounds the queue whatever the interval. */
  maxPendingLines: number;
  /** Batches of progress alone (Spark's bar, job progress, Spark UI polls) wait for the next whole second of
   *  the clock, like the elapsed time and the ETA: one redraw a second instead of several. 0: no wait. */
  progressPaceMs?: number;
  now?: () => number;
}

const PROGRESS_ONLY = new Set<RunEvent['type']>(['spark-progress', 'spark-ui', 'spark-memory', 'stage-progress', 'chunk-progress']);

export function createEventBatcher(
  deliver: (events: RunEvent[]) => void,
  { intervalMs, maxPendingLines, progressPaceMs = 0, now = () => Date.now() }: EventBatcherOptions,
): EventBatcher {
  let pending: RunEvent[] = [];
  let pendingLines = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerIsPaced = false;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    timerIsPaced = false;
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    pendingLines = 0;
    deliver(events);
  };

  return {
    push(event) {
      pending.push(event);
      if (event.type === 'stage-output') pendingLines += event.lines.length;
      if (pendingLines >= maxPendingLines) return flush();
      const paced = progressPaceMs > 0 && PROGRESS_ONLY.has(event.type);
      if (timer && timerIsPaced && !paced) {
        // Something more than progress arrived: it goes out at the normal pace, with the progress held so far.
        clearTimeout(timer);
        timer = null;
      }
      if (timer) return;
      timerIsPaced = paced;
      timer = setTimeout(flush, paced ? progressPaceMs - (now() % progressPaceMs) : intervalMs);
    },
    flush,
    takePaced() {
      if (!timerIsPaced || pending.length === 0) return [];
      if (timer) clearTimeout(timer);
      timer = null;
      timerIsPaced = false;
      const events = pending;
      pending = [];
      pendingLines = 0;
      return events;
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
      pendingLines = 0;
    },
  };
}
