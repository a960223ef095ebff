import { useCallback, useEffect, useRef } from 'react';
import { createEventBatcher } from '../state/screen-tick.js';
import type { AppStore } from '../state/store.js';
import { createEtaSampler, rateOnlyEtaTracker, type EtaTrackerFactory } from './eta-sampler.js';
import type { RunController } from '../runner/run/events.js';

/** How often output and state changes reach the store: the log pane moves 5 times a second in a flood. */
export const DEFAULT_EVENT_FLUSH_MS = 200;
/** While a run is quiet the screen changes on one tick: the clock, the ETA and any progress held since the
 *  last (see event-batcher.ts). Every 2 s keeps an idle screen under 1% of a core and ~0.2 KB/s on the wire
 *  (bench/README.md); output, status changes and keys still draw at once. */
export const SCREEN_TICK_MS = 2_000;

/**
 * Returns `connect(controller)`, which subscribes the store to the controller's events at once, batched so a
 * flood of output is a few store updates a second. Subscribing in the caller's own call (not in an effect,
 * which runs later) means no event emitted after `connect` returns is missed. Disconnects on unmount.
 * The same events feed an EtaTracker (from `createEtaTracker`) whose estimate is sampled into the store on the screen's tick (SCREEN_TICK_MS, 2 s).
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
        // Tests deliver at once (flushMs 0); a real screen paces progress to the clock.
        progressPaceMs: flushMs > 0 ? SCREEN_TICK_MS : 0,
      });
      // The ETA sampler sees the same events as the store, as they come.
      const eta = createEtaSampler(store, createEtaTracker, { heldEvents: () => batcher.takePaced(), ...(flushMs > 0 ? { sampleMs: SCREEN_TICK_MS } : {}) });
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
