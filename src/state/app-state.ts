import type { BackfillOptions } from '../config/options.js';
import { emptyStageRecord } from '../runner/run/empty-records.js';
import { initialRunState, liveStage, type LiveStage, type RunState } from '../runner/run/run-state.js';
import type { EtaTracker, RunEtas } from '../eta/eta-tracker.js';
import type { ChunkLog } from './chunk-logs.js';
import { EMPTY_LOG_TAIL, type LogTail } from './log-tail.js';
import type { Plan } from '../runner/plan/plan-types.js';

export type { ChunkSparkFigures } from '../runner/run/run-state.js';

/** A stage on screen: exactly the run fold's stage. */
export type StageView = LiveStage;

/** The run on screen: the run fold's state, and the bounded log tails only a screen keeps. */
export interface RunView extends RunState {
  /** Kept apart from `stages` so a flood of output re-renders only the log pane. */
  logs: Record<string, LogTail>;
  /** One bounded tail per chunk that printed, oldest first; at most MAX_CHUNK_LOGS of them. */
  chunkLogs?: readonly ChunkLog[];
}

export type ConfirmationKind = 'abort' | 'quit' | 'stop-stage';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  /** The `/` prompt: what is typed so far. */
  | { kind: 'filter'; draft: string }
  | { kind: 'confirm'; confirm: ConfirmationKind; stage?: string };

export interface UiState {
  selectedStage: number;
  /** The operator picked a stage; stop moving the selection to the stage that starts. */
  selectionPinned: boolean;
  /** Lines up from the newest; 0 while following. */
  scrollBack: number;
  follow: boolean;
  /** The chunk of the selected stage whose log the pane shows; null or absent: the whole stage's log. */
  selectedChunk?: string | null;
  overlay: Overlay;
  /** A one-line message, e.g. why a key did nothing. Cleared by the next command. */
  notice: string | null;
  /** Quit was confirmed while the run was going: exit once it has finished aborting. */
  quitAfterRun: boolean;
  /** The log filter applied with `/`: only matching lines are shown. */
  logFilter?: string | null;
  /** `l`: Spark's INFO and DEBUG log4j lines are hidden. */
  hideChatter?: boolean;
}

export interface SetupForm {
  options: BackfillOptions;
  /** `grace`, `conf` and `parallel` as typed, since their typed text is not always a valid value. */
  graceText: string;
  confText: string;
  parallelText: string;
  focus: number;
}

export interface AppState {
  screen: 'setup' | 'run';
  setup: SetupForm;
  run: RunView | null;
  ui: UiState;
  logCapacity: number;
  /** The latest ETAs, estimated on the clock's tick (every 2 s) from `run` as folded. */
  eta?: RunEtas | null;
  /** What the ETA keeps beside the run: its history, progress samples taken at each tick, smoothed estimates.
   *  Absent until the run has started. */
  etaTracker?: EtaTracker;
  /** The time of the clock's last tick: the clock the screen shows while the run is live. */
  clockMs?: number;
}

export const INITIAL_UI: UiState = {
  selectedStage: 0,
  selectionPinned: false,
  scrollBack: 0,
  follow: true,
  selectedChunk: null,
  overlay: { kind: 'none' },
  notice: null,
  quitAfterRun: false,
  logFilter: null,
  hideChatter: false,
};

export function emptyStageView(name: string, command: string[], selected: boolean): StageView {
  return liveStage(emptyStageRecord(name, command, selected ? 'pending' : 'skipped'), selected);
}

export function runViewFromPlan(plan: Plan, startedAt: string): RunView {
  const state = initialRunState(plan, startedAt);
  return { ...state, logs: Object.fromEntries(state.stages.map((stage) => [stage.name, EMPTY_LOG_TAIL])) };
}

/** The setup screen over `options`: a number's field shows it as typed (`--parallel 0x10` as 0x10, not NaN). */
export function setupFormFrom(options: BackfillOptions): SetupForm {
  const parallelText = options.typed?.parallel ?? (options.parallel === undefined ? '' : String(options.parallel));
  return { options, graceText: options.typed?.grace ?? String(options.grace), confText: options.conf.join(' '), parallelText, focus: 0 };
}
