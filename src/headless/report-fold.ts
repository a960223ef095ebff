import { estimateEtas, startEtaTracker, trackRun, type EtaTracker, type RunEtas } from '../eta/eta-tracker.js';
import type { EtaHistory } from '../eta/eta-history.js';
import { applyRunEvent } from '../runner/run/run-fold.js';
import { runStateAtStart, type RunState } from '../runner/run/run-state.js';
import type { RunEvent } from '../runner/run/events.js';

/** A reporter's run: the events folded once, with `applyRunEvent`, and the ETA estimated from that state. */
export interface ReportFold {
  /** The run as the events so far leave it; undefined before `run-started`. */
  readonly run: RunState | undefined;
  /** Folds one event in; returns the run as it was before. */
  apply(event: RunEvent): RunState | undefined;
  /** The ETAs as of `nowMs` (a smoothing step); undefined without an ETA history, or before the run started. */
  etas(nowMs: number): RunEtas | undefined;
}

/** The one way the headless reporters follow a run. With `etaHistory` the ETA's progress samples are taken from
 *  the folded state at each event's own time, as the screen takes them at each tick. */
export function createReportFold(etaHistory?: EtaHistory): ReportFold {
  let run: RunState | undefined;
  let tracker: EtaTracker | undefined = etaHistory ? startEtaTracker(etaHistory) : undefined;
  return {
    get run() {
      return run;
    },
    apply(event) {
      const before = run;
      run = event.type === 'run-started' ? runStateAtStart(event) : run && applyRunEvent(run, event);
      if (tracker && run && (run !== before || event.type === 'run-started')) tracker = trackRun(tracker, run, [event], Date.parse(event.at));
      return before;
    },
    etas(nowMs) {
      if (!tracker || !run) return undefined;
      const estimate = estimateEtas(tracker, run, nowMs);
      tracker = estimate.tracker;
      return estimate.etas;
    },
  };
}
