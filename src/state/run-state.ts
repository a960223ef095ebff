import type { BackfillOptions } from '../config/options.js';
import type { ChunkRecord, Coverage, JobProgress, Plan, PlannedStage, QualityGate, RunStatus, SparkStageProgress, SparkUiSnapshot, StageRecord } from '../runner/types.js';
import type { RunEtas } from '../eta/eta-tracker.js';
import type { ChunkLog } from './chunk-logs.js';
import { EMPTY_LOG_TAIL, type LogTail } from './log-tail.js';

export interface StageView extends StageRecord {
  /** Chosen to run in this plan; an unselected stage starts as skipped. */
  selected: boolean;
  pid: number | null;
  progress: JobProgress | null;
  sparkStages: SparkStageProgress[];
  /** The latest poll of the driver's REST API, while it answers. */
  sparkUi: SparkUiSnapshot | null;
  /** When `sparkUi` and `sparkStages` last changed, to tell a UI that stopped answering from a live one. */
  sparkUiAtMs?: number;
  sparkStagesAtMs?: number;
  /** Spark figures of each running chunk of a chunked stage; an entry goes when its chunk finishes. */
  chunkSpark?: Record<string, ChunkSparkFigures>;
  stopping: { reason: 'abort' | 'skip'; signal: 'SIGTERM' | 'SIGKILL' } | null;
}

/** What a chunk's driver last reported: its REST API poll and its console bar. */
export interface ChunkSparkFigures {
  ui: SparkUiSnapshot | null;
  uiAtMs: number;
  stages: SparkStageProgress[];
  stagesAtMs: number;
}

export interface RunView {
  runId: string;
  runDir: string | null;
  status: RunStatus;
  startDate: string;
  endDate: string;
  graceSeconds: number;
  startedAt: string;
  finishedAt: string | null;
  stages: StageView[];
  /** Kept apart from `stages` so a flood of output re-renders only the log pane. */
  logs: Record<string, LogTail>;
  /** One bounded tail per chunk that printed, oldest first; at most MAX_CHUNK_LOGS of them. */
  chunkLogs?: readonly ChunkLog[];
  /** Why the run folder could not be written (disk full), when that stopped the run. */
  storageError?: string;
  /** Rows written per table, once the run has finished. */
  tableRows?: Array<{ table: string; rows: number }>;
  coverage?: Coverage;
  qualityGate?: QualityGate;
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
  /** The latest ETAs, sampled about once a second from an EtaTracker fed with the run's events. */
  eta?: RunEtas | null;
  /** When the last tick was sampled: the clock the screen shows while the run is live. */
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
  return {
    name,
    status: selected ? 'pending' : 'skipped',
    command,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
    selected,
    pid: null,
    progress: null,
    sparkStages: [],
    sparkUi: null,
    stopping: null,
  };
}

function plannedChunks(stage: PlannedStage): ChunkRecord[] | undefined {
  return stage.chunks?.map((chunk) => ({
    ...chunk,
    status: stage.selected ? 'pending' : 'skipped',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
  }));
}

export function runViewFromPlan(plan: Plan, startedAt: string): RunView {
  const stages = plan.stages.map((stage) => {
    const view = emptyStageView(stage.name, stage.command, stage.selected);
    const chunks = plannedChunks(stage);
    return chunks ? { ...view, chunks } : view;
  });
  return {
    runId: plan.runId,
    runDir: null,
    status: 'running',
    startDate: plan.params.startDate,
    endDate: plan.params.endDate,
    graceSeconds: plan.params.graceSeconds,
    startedAt,
    finishedAt: null,
    stages,
    logs: Object.fromEntries(stages.map((stage) => [stage.name, EMPTY_LOG_TAIL])),
  };
}

export function setupFormFrom(options: BackfillOptions): SetupForm {
  const parallelText = options.parallel === undefined ? '' : String(options.parallel);
  return { options, graceText: String(options.grace), confText: options.conf.join(' '), parallelText, focus: 0 };
}
