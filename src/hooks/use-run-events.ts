import { useCallback, useEffect, useRef } from 'react';
import type { RunController } from '../runner/types.js';
import { createEventBatcher } from '../state/event-batcher.js';
import type { AppStore } from '../state/store.js';
import { createEtaSampler, rateOnlyEtaTracker, type EtaTrackerFactory } from './eta-sampler.js';

export const DEFAULT_EVENT_FLUSH_MS = 50;

/**
 * Returns `connect(controller)`, which subscribes the store to the controller's events at once, batched so a
 * flood of output is a few store updates a second. Subscribing in the caller's own call (not in an effect,
 * which runs later) means no event emitted after `connect` returns is missed. Disconnects on unmount.
 * The same events feed an EtaTracker (from `createEtaTracker`) whose estimate is sampled into the store once a second.
 */
export function useRunEvents(
  store: AppStore,
  flushMs: number = DEFAULT_EVENT_FLUSH_MS,
  createEtaTracker: EtaTrackerFactory = rateOnlyEtaTracker,
): (controller: RunController) => void {
  const disconnect = useRef<(() => void) | null>(null);

  const connect = useCallback(
    (controller: RunController) => {
      disconnect.current?.();
      const batcher = createEventBatcher((events) => store.getState().dispatch({ type: 'run/events', events }), {
        intervalMs: flushMs,
        maxPendingLines: store.getState().logCapacity,
      });
      // The ETA sampler sees the same events as the store, as they come.
      const eta = createEtaSampler(store, createEtaTracker);
      const unsubscribe = controller.subscribe((event) => {
        batcher.push(event);
        eta.observe(event);
      });
      disconnect.current = () => {
        unsubscribe();
        batcher.flush();
        eta.stop();
        disconnect.current = null;
      };
    },
    [store, flushMs, createEtaTracker],
  );

  useEffect(() => () => disconnect.current?.(), []);
  return connect;
}
