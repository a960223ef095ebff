import { useEffect } from 'react';
import type { RunController } from '../runner/types.js';
import { createEventBatcher } from '../state/event-batcher.js';
import type { AppStore } from '../state/store.js';

export const DEFAULT_EVENT_FLUSH_MS = 50;

/** Feeds the controller's events into the store, batched so a flood of output is a few store updates a second. */
export function useRunEvents(controller: RunController | null, store: AppStore, flushMs: number = DEFAULT_EVENT_FLUSH_MS): void {
  useEffect(() => {
    if (!controller) return undefined;
    const batcher = createEventBatcher((events) => store.getState().dispatch({ type: 'run/events', events }), {
      intervalMs: flushMs,
      maxPendingLines: store.getState().logCapacity,
    });
    const unsubscribe = controller.subscribe((event) => batcher.push(event));
    return () => {
      unsubscribe();
      batcher.flush();
    };
  }, [controller, store, flushMs]);
}
