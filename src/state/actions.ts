import type { RunEtas } from '../eta/eta-tracker.js';
import type { Plan, RunEvent } from '../runner/types.js';
import type { SetupAction } from './setup-reducer.js';
import type { UiAction } from './ui-reducer.js';

export type { SetupAction } from './setup-reducer.js';
export type { UiAction } from './ui-reducer.js';

export type RunAction =
  /** A run was planned and is about to start: seed its stages from the plan and show the run screen. */
  | { type: 'run/planned'; plan: Plan; at: string }
  /** Events from the runner, in order, applied in one update. */
  | { type: 'run/events'; events: readonly RunEvent[] }
  /** The ETAs as of now, sampled about once a second (never per render). */
  /** The once-a-second tick of a live run: the ETA, the clock, and progress held for this second (one redraw). */
  | { type: 'run/eta'; etas: RunEtas; atMs?: number; events?: RunEvent[] };

export type StoreAction = RunAction | SetupAction | UiAction;

const RUN_EVENT_TYPES: ReadonlySet<string> = new Set<RunEvent['type']>([
  'run-started',
  'stage-started',
  'stage-output',
  'stage-progress',
  'spark-progress',
  'stage-stopping',
  'stage-finished',
  'stage-retry',
  'spark-app',
  'spark-ui',
  'yarn-kill',
  'run-finished',
]);

export function isRunEvent(value: StoreAction | RunEvent): value is RunEvent {
  return RUN_EVENT_TYPES.has(value.type);
}
