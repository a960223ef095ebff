// Feeds an EtaTracker the run's events and puts its estimate into the store on the screen's tick (every 2 s on a
// real screen: SCREEN_TICK_MS; ETA_SAMPLE_MS when none is given). Lives outside React: the estimate is an action
// on a timer, never computed per render.
import { EtaTracker } from '../eta/eta-tracker.js';
import type { AppStore } from '../state/store.js';
import type { RunEvent } from '../runner/run/events.js';
import type { RunParams } from '../runner/plan/plan-types.js';

/** Builds the tracker once the run's parameters are known (reading earlier runs' history is the caller's business). */
export type EtaTrackerFactory = (params: RunParams) => EtaTracker;

/** Without history: the ETA comes from the progress rate only. */
export const rateOnlyEtaTracker: EtaTrackerFactory = () => new EtaTracker();

export const ETA_SAMPLE_MS = 1_000;

export interface EtaSampler {
  observe(event: RunEvent): void;
  stop(): void;
}

export function createEtaSampler(
  store: AppStore,
  createTracker: EtaTrackerFactory,
  {
    sampleMs = ETA_SAMPLE_MS,
    now = () => Date.now(),
    heldEvents = () => [],
  }: {
    sampleMs?: number;
    now?: () => number;
    /** Events held for this tick (paced progress): they go to the store in the same update as the ETA. */
    heldEvents?: () => RunEvent[];
  } = {},
): EtaSampler {
  let tracker: EtaTracker | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSampleMs = Number.NEGATIVE_INFINITY;
  let queued = false;

  const sample = () => {
    if (!tracker) return;
    lastSampleMs = now();
    store.getState().dispatch({ type: 'run/eta', etas: tracker.estimate(lastSampleMs), atMs: lastSampleMs, events: heldEvents() });
  };
  const stopTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  // On the whole second, with the clock and paced progress: one redraw a second while little happens.
  const tick = () => {
    sample();
    timer = setTimeout(tick, sampleMs - (now() % sampleMs));
  };

  return {
    observe(event) {
      // A run that starts (or is attached to) again starts the tracker afresh, with its own params.
      if (event.type === 'run-started') tracker = createTracker(event.params);
      if (!tracker) return;
      tracker.observe(event);
      if (event.type === 'run-finished') {
        stopTimer();
        sample();
        return;
      }
      timer ??= setTimeout(tick, sampleMs - (now() % sampleMs));
      // The first figures show without waiting for the timer; after that, at most one sample a period.
      if (queued || now() - lastSampleMs < sampleMs) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        sample();
      });
    },
    stop: stopTimer,
  };
}
