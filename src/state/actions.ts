import type { EtaHistory } from '../eta/eta-history.js';
import { RUN_EVENT_TYPES } from '../runner/folder/run-record-schema.js';
import type { SetupAction } from './setup-reducer.js';
import type { UiAction } from './ui-reducer.js';
import type { RunEvent } from '../runner/run/events.js';
import type { Plan } from '../runner/plan/plan-types.js';

export type { SetupAction } from './setup-reducer.js';
export type { UiAction } from './ui-reducer.js';

export type RunAction =
  /** A run was planned and is about to start: seed its stages from the plan and show the run screen. */
  | { type: 'run/planned'; plan: Plan; at: string }
  /**
   * The screen's tick (src/state/screen-tick.ts): the runner's events since the last, in order, folded once in
   * one update, and the time. On the clock's tick (`clock`) the clock moves to `nowMs` and the ETA is estimated
   * from the folded run; otherwise only the events are applied.
   */
  | {
      type: 'run/tick';
      events: readonly RunEvent[];
      nowMs: number;
      clock?: boolean;
      /** Earlier runs' time per day, for the ETA of a run that starts in `events` (read by the tick's owner). */
      etaHistory?: EtaHistory;
    };

export type StoreAction = RunAction | SetupAction | UiAction;

const EVENT_TYPES: ReadonlySet<string> = new Set<string>(RUN_EVENT_TYPES);

export function isRunEvent(value: StoreAction | RunEvent): value is RunEvent {
  return EVENT_TYPES.has(value.type);
}
