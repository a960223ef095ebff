import type { RunEvent } from '../runner/types.js';

export interface EventBatcher {
  push(event: RunEvent): void;
  /** Delivers what is pending now; called on teardown too so no event is lost. */
  flush(): void;
  cancel(): void;
}

export interface EventBatcherOptions {
  /** At most one delivery per this many milliseconds: a flood of output becomes a few store updates a second. */
  intervalMs: number;
  /** Deliver early when this many output lines are pending, which bounds the queue whatever the interval. */
  maxPendingLines: number;
}

export function createEventBatcher(
  deliver: (events: RunEvent[]) => void,
  { intervalMs, maxPendingLines }: EventBatcherOptions,
): EventBatcher {
  let pending: RunEvent[] = [];
  let pendingLines = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
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
      if (pendingLines >= maxPendingLines) flush();
      else timer ??= setTimeout(flush, intervalMs);
    },
    flush,
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
      pendingLines = 0;
    },
  };
}
