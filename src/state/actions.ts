import type { RunEtas } from '../eta/eta-tracker.js';
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
  /** Events from the runner, in order, applied in one update. */
  | { type: 'run/events'; events: readonly RunEvent[] }
  /** The ETAs as of now, sampled on the screen's tick, every 2 s (never per render). */
  /** The once-a-second tick of a live run: the ETA, the clock, and progress held for this second (one redraw). */
  | { type: 'run/eta'; etas: RunEtas; atMs?: number; events?: RunEvent[] };

export type StoreAction = RunAction | SetupAction | UiAction;

const EVENT_TYPES: ReadonlySet<string> = new Set<string>(RUN_EVENT_TYPES);

export function isRunEvent(value: StoreAction | RunEvent): value is RunEvent {
  return EVENT_TYPES.has(value.type);
}
