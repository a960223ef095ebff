import type { RunEvent } from '../runner/run/events.js';

/** What the screen's tick hands the store: the events gathered since the last, in order, and the time. */
export interface TickDelivery {
  events: RunEvent[];
  nowMs: number;
  /** The clock's own tick (or the first events after a pause, or the run's end): the elapsed time and the ETA
   *  move. Otherwise only the events are applied (output at its own pace). */
  clock: boolean;
}

export interface ScreenTick {
  push(event: RunEvent): void;
  /** Delivers what is pending now; called on teardown too so no event is lost. Stops the clock. */
  flush(): void;
  /** Drops what is pending and stops the clock. */
  cancel(): void;
}

export interface ScreenTickOptions {
  /** The clock's tick, on the whole period of the wall clock: the elapsed time, the ETA and progress held since
   *  the last move together, one redraw. 0: no clock, every delivery is a tick (tests). */
  tickMs: number;
  /** Anything more than progress is delivered within this many milliseconds: a flood of output becomes a few
   *  store updates a second. */
  flushMs: number;
  /** Deliver at once when this many output lines are pending, which bounds the queue whatever the interval. */
  maxPendingLines: number;
  now?: () => number;
}

/** Batches of progress alone (Spark's bar, job progress, Spark UI polls) wait for the clock's tick. */
const PROGRESS_ONLY = new Set<RunEvent['type']>(['spark-progress', 'spark-ui', 'spark-memory', 'stage-progress', 'chunk-progress']);

/**
 * The one owner of the screen's tick: it gathers a run's events and hands them to `deliver` with the time, at
 * most one delivery per `flushMs` (sooner when `maxPendingLines` lines wait), progress alone held for the clock's
 * tick, and the clock's tick every `tickMs` on the whole period while the run goes. The first events after a
 * pause (the run's start, a retry after its end) are delivered at once as a tick, and the run's end is one.
 */
export function createScreenTick(deliver: (delivery: TickDelivery) => void, { tickMs, flushMs, maxPendingLines, now = () => Date.now() }: ScreenTickOptions): ScreenTick {
  let pending: RunEvent[] = [];
  let pendingLines = 0;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let clockTimer: ReturnType<typeof setTimeout> | null = null;
  /** The next delivery is a tick: the clock was not going. */
  let clockDue = false;

  const stopFlush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
  };
  const stopClock = () => {
    if (clockTimer) clearTimeout(clockTimer);
    clockTimer = null;
  };
  const untilTick = () => tickMs - (now() % tickMs);

  const deliverNow = (tick: boolean) => {
    stopFlush();
    const events = pending;
    pending = [];
    pendingLines = 0;
    const ended = events.some((event) => event.type === 'run-finished');
    // Once the run has ended the clock stands still, until events come again.
    if (ended) stopClock();
    // Nothing to deliver unless the clock moves (tickMs 0: only with events).
    if (events.length === 0 && !tick && !clockDue) return;
    const clock = tick || clockDue || ended || tickMs === 0;
    clockDue = false;
    deliver({ events, nowMs: now(), clock });
  };
  const onClock = () => {
    clockTimer = setTimeout(onClock, untilTick());
    deliverNow(true);
  };
  const schedule = (delayMs: number) => {
    flushTimer ??= setTimeout(() => deliverNow(false), delayMs);
  };

  return {
    push(event) {
      pending.push(event);
      if (event.type === 'stage-output') pendingLines += event.lines.length;
      if (pendingLines >= maxPendingLines) return deliverNow(false);
      if (tickMs === 0) return schedule(flushMs);
      if (!clockTimer) {
        // The first figures show without waiting for the clock, which starts here.
        clockTimer = setTimeout(onClock, untilTick());
        clockDue = true;
        return schedule(0);
      }
      if (!PROGRESS_ONLY.has(event.type)) schedule(flushMs);
    },
    flush() {
      stopClock();
      deliverNow(false);
    },
    cancel() {
      stopFlush();
      stopClock();
      pending = [];
      pendingLines = 0;
    },
  };
}
