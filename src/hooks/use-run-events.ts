import { useCallback, useEffect, useRef } from 'react';
import { EMPTY_HISTORY, type EtaHistory } from '../eta/eta-history.js';
import { createScreenTick } from '../state/screen-tick.js';
import type { AppStore } from '../state/store.js';
import type { RunController } from '../runner/run/events.js';
import type { RunParams } from '../runner/plan/plan-types.js';

/** How often output and state changes reach the store: the log pane moves 5 times a second in a flood. */
export const DEFAULT_EVENT_FLUSH_MS = 200;
/** While a run is quiet the screen changes on one tick: the clock, the ETA and any progress held since the
 *  last (see screen-tick.ts). Every 2 s keeps an idle screen under 1% of a core and ~0.2 KB/s on the wire
 *  (bench/README.md); output, status changes and keys still draw at once. */
export const SCREEN_TICK_MS = 2_000;

/** Earlier runs' time per day of data for a run that starts with these params (reading the runs dir is the caller's business). */
export type EtaHistoryReader = (params: RunParams) => EtaHistory;

/** Without history: the ETA comes from the progress rate only. */
export const noEtaHistory: EtaHistoryReader = () => EMPTY_HISTORY;

/**
 * Returns `connect(controller)`, which subscribes the store to the controller's events at once. The screen's
 * tick (screen-tick.ts) gathers them and hands them to the store in one action, `run/tick`, with the time:
 * the store folds them once and estimates the ETA from what it folded. A flood of output is a few store
 * updates a second; a quiet run one every SCREEN_TICK_MS (with flushMs 0, as tests give: every batch at once).
 * Subscribing in the caller's own call (not in an effect, which runs later) means no event emitted after
 * `connect` returns is missed. Disconnects on unmount.
 */
export interface RunEventsOptions {
  /** DEFAULT_EVENT_FLUSH_MS on a real screen; 0 (tests): every batch at once, each one a tick. */
  flushMs: number;
  etaHistory: EtaHistoryReader;
  now?: () => number;
}

/** Subscribes the store to the controller's events through the screen's tick; returns the disconnect, which
 *  delivers what is pending. Outside React, so a test can drive it with fake timers. */
export function connectRunEvents(store: AppStore, controller: RunController, { flushMs, etaHistory, now }: RunEventsOptions): () => void {
  const tick = createScreenTick(
    ({ events, nowMs, clock }) => {
      // A run that starts (or is attached to) again starts its ETA afresh, with its own history.
      let params: RunParams | undefined;
      for (const event of events) if (event.type === 'run-started') params = event.params;
      const history = params ? { etaHistory: etaHistory(params) } : {};
      store.getState().dispatch({ type: 'run/tick', events, nowMs, clock, ...history });
    },
    { tickMs: flushMs > 0 ? SCREEN_TICK_MS : 0, flushMs, maxPendingLines: store.getState().logCapacity, ...(now ? { now } : {}) },
  );
  const unsubscribe = controller.subscribe((event) => tick.push(event));
  return () => {
    unsubscribe();
    tick.flush();
  };
}

/**
 * Returns `connect(controller)`, which subscribes the store to the controller's events at once. The screen's
 * tick (screen-tick.ts) gathers them and hands them to the store in one action, `run/tick`, with the time:
 * the store folds them once and estimates the ETA from what it folded. A flood of output is a few store
 * updates a second; a quiet run one every SCREEN_TICK_MS (with flushMs 0, as tests give: every batch at once).
 * Subscribing in the caller's own call (not in an effect, which runs later) means no event emitted after
 * `connect` returns is missed. Disconnects on unmount.
 */
export function useRunEvents(store: AppStore, flushMs: number = DEFAULT_EVENT_FLUSH_MS, etaHistory: EtaHistoryReader = noEtaHistory): (controller: RunController) => void {
  const disconnect = useRef<(() => void) | null>(null);

  const connect = useCallback(
    (controller: RunController) => {
      disconnect.current?.();
      const stop = connectRunEvents(store, controller, { flushMs, etaHistory });
      disconnect.current = () => {
        stop();
        disconnect.current = null;
      };
    },
    [store, flushMs, etaHistory],
  );

  useEffect(() => () => disconnect.current?.(), []);
  return connect;
}
