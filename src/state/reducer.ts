import { estimateEtas, startEtaTracker, trackRun, type EtaTracker } from '../eta/eta-tracker.js';
import { isRunEvent, type StoreAction } from './actions.js';
import { reduceRunEvents } from './run-reducer.js';
import { selectedLogTail } from './selected-log.js';
import { INITIAL_UI, runViewFromPlan, type AppState, type RunView, type UiState } from './app-state.js';
import { setupReducer } from './setup-reducer.js';
import { uiReducer } from './ui-reducer.js';
import type { RunEvent } from '../runner/run/events.js';

/** Until the operator picks a stage, the selection follows the stage that runs: the one that just started, or
 *  (after an attach, whose snapshot has no start events, or when the first stage was skipped) the one running. */
function followRunningStage(ui: UiState, run: RunView, events: readonly RunEvent[]): UiState {
  if (ui.selectionPinned) return ui;
  let started: string | undefined;
  for (const event of events) if (event.type === 'stage-started' || event.type === 'chunk-started') started = event.stage;
  let index = started === undefined ? -1 : run.stages.findIndex((stage) => stage.name === started);
  if (index < 0 && run.stages[ui.selectedStage]?.status !== 'running') index = run.stages.findIndex((stage) => stage.status === 'running');
  if (index < 0 || index === ui.selectedStage) return ui;
  return { ...ui, selectedStage: index, selectedChunk: null, scrollBack: 0, follow: true };
}

/** The first stage that will run, so a run without bronze does not open on a skipped stage. */
function firstSelectedStage(run: RunView): number {
  return Math.max(0, run.stages.findIndex((stage) => stage.status !== 'skipped'));
}

// While the operator reads back in the log, new lines must not move what they are reading.
function keepScrolledViewStill(ui: UiState, before: RunView, after: RunView): UiState {
  if (ui.follow) return ui;
  const oldTail = selectedLogTail(before, ui);
  const newTail = selectedLogTail(after, ui);
  if (!oldTail || !newTail || oldTail === newTail) return ui;
  const added = newTail.total - oldTail.total;
  const scrollBack = Math.min(Math.max(0, newTail.lines.length - 1), ui.scrollBack + added);
  return scrollBack === ui.scrollBack ? ui : { ...ui, scrollBack };
}

/** The ETA's tracker after a tick: a fresh one when a run starts with its history, samples from the folded run. */
function trackedEta(tracker: EtaTracker | undefined, run: RunView, action: Extract<StoreAction, { type: 'run/tick' }>): EtaTracker | undefined {
  const started = action.events.some((event) => event.type === 'run-started');
  // Nothing to estimate before the run has started.
  const current = started ? startEtaTracker(action.etaHistory ?? tracker?.history) : tracker;
  return current && trackRun(current, run, action.events, action.nowMs);
}

/** The root reducer. Generic so that extra members of the store's state (its `dispatch`) pass through. */
export function appReducer<S extends AppState>(state: S, input: StoreAction | RunEvent): S {
  // A runner event dispatched on its own is a tick of its own, at its own time, that does not move the clock.
  const action: StoreAction = isRunEvent(input) ? { type: 'run/tick', events: [input], nowMs: Date.parse(input.at) } : input;
  switch (action.type) {
    case 'run/planned': {
      const run = runViewFromPlan(action.plan, action.at);
      return { ...state, screen: 'run', run, ui: { ...INITIAL_UI, selectedStage: firstSelectedStage(run) }, eta: null, etaTracker: undefined };
    }
    case 'run/tick': {
      if (!state.run || (action.events.length === 0 && !action.clock)) return state;
      // The one fold of each event in this process: the run fold, with the screen's log tails.
      const run = action.events.length > 0 ? reduceRunEvents(state.run, action.events, state.logCapacity) : state.run;
      const ui = action.events.length === 0 ? state.ui : keepScrolledViewStill(followRunningStage(state.ui, run, action.events), state.run, run);
      const tracker = trackedEta(state.etaTracker, run, action);
      if (!action.clock) return { ...state, run, ui, etaTracker: tracker };
      // The clock's tick: the ETA from the run as folded, and the clock the screen shows.
      const estimate = tracker && estimateEtas(tracker, run, action.nowMs);
      return { ...state, run, ui, etaTracker: estimate?.tracker, ...(estimate ? { eta: estimate.etas } : {}), clockMs: action.nowMs };
    }
    case 'setup/focus':
    case 'setup/type':
    case 'setup/erase':
    case 'setup/toggle': {
      const setup = setupReducer(state.setup, action);
      return setup === state.setup ? state : { ...state, setup };
    }
    default: {
      const ui = uiReducer(state.ui, action);
      return ui === state.ui ? state : { ...state, ui };
    }
  }
}
