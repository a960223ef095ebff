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

/** The root reducer. Generic so that extra members of the store's state (its `dispatch`) pass through. */
export function appReducer<S extends AppState>(state: S, input: StoreAction | RunEvent): S {
  const action: StoreAction = isRunEvent(input) ? { type: 'run/events', events: [input] } : input;
  switch (action.type) {
    case 'run/planned': {
      const run = runViewFromPlan(action.plan, action.at);
      return { ...state, screen: 'run', run, ui: { ...INITIAL_UI, selectedStage: firstSelectedStage(run) }, eta: null };
    }
    case 'run/eta': {
      if (!state.run) return state;
      const withEvents = action.events && action.events.length > 0 ? appReducer(state, { type: 'run/events', events: action.events }) : state;
      return { ...withEvents, eta: action.etas, ...(action.atMs !== undefined ? { clockMs: action.atMs } : {}) };
    }
    case 'run/events': {
      if (!state.run || action.events.length === 0) return state;
      const run = reduceRunEvents(state.run, action.events, state.logCapacity);
      const ui = keepScrolledViewStill(followRunningStage(state.ui, run, action.events), state.run, run);
      return { ...state, run, ui };
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
