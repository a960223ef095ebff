// The runner's contract with the world: parameters in, serializable events out,
// serializable commands in. Nothing here may depend on React or on a terminal,
// so that a later runner can live in a detached process and speak over a socket.

export type StageStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'aborted';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'aborted';

/** A token of a stage's argument template. A string may hold `{startDate}`-style placeholders
 *  naming a RunParams key; an option token is emitted as `[option, value]` only when the param is set. */
export type ArgToken = string | { option: string; param: keyof RunParams };

export interface StageDefinition {
  name: string;
  /** Path of the PySpark app, relative to the project root. */
  app: string;
  args: ArgToken[];
}

export interface PipelineDefinition {
  name: string;
  stages: StageDefinition[];
}

/** Everything a run needs, fully resolved and validated. Serializable: stored in run.json. */
export interface RunParams {
  startDate: string; // YYYY-MM-DD, inclusive
  endDate: string; // YYYY-MM-DD, inclusive
  /** Names of the stages to run, in pipeline order; the others are recorded as skipped. */
  stages: string[];
  locations?: string;
  pollutants?: string;
  warehouse?: string;
  /** The submit command as argv (usually one element: an absolute path). */
  sparkSubmit: string[];
  master: string;
  /** Extra Spark conf as `key=value` strings, in the order given. */
  conf: string[];
  continueOnFailure: boolean;
  graceSeconds: number;
  runsDir: string;
  /** Absolute path the stage apps are resolved against. */
  projectRoot: string;
}

export interface PlannedStage {
  name: string;
  /** Full argv: submit command, spark options, app, app args. Empty for a stage not selected. */
  command: string[];
  selected: boolean;
}

export interface Plan {
  runId: string;
  params: RunParams;
  stages: PlannedStage[];
}

/** Progress a job reports itself: `BACKFILL_PROGRESS {"done": 3, "total": 12, "unit": "location-months"}`. */
export interface JobProgress {
  done: number;
  total: number;
  unit?: string;
}

/** One Spark stage as drawn by the console progress bar: `[Stage 3:=====>   (12 + 4) / 200]`. */
export interface SparkStageProgress {
  stageId: number;
  done: number;
  running: number;
  total: number;
}

export interface StageRecord {
  name: string;
  status: StageStatus;
  command: string[];
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
}

/** The content of run.json. */
export interface RunRecord {
  id: string;
  params: RunParams;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  stages: StageRecord[];
}

/** Events the runner emits. All but `stage-output` and `spark-progress` are appended to events.ndjson;
 *  `spark-progress` is appended at most once a second per stage. `at` is an ISO timestamp. */
export type RunEvent =
  | { type: 'run-started'; at: string; runId: string; runDir: string; params: RunParams; stages: StageRecord[] }
  | { type: 'stage-started'; at: string; stage: string; command: string[]; pid: number | undefined }
  | { type: 'stage-output'; at: string; stage: string; lines: string[] }
  | { type: 'stage-progress'; at: string; stage: string; progress: JobProgress }
  | { type: 'spark-progress'; at: string; stage: string; sparkStages: SparkStageProgress[] }
  | { type: 'stage-stopping'; at: string; stage: string; reason: 'abort' | 'skip'; signal: 'SIGTERM' | 'SIGKILL' }
  | {
      type: 'stage-finished';
      at: string;
      stage: string;
      status: Exclude<StageStatus, 'pending' | 'running'>;
      exitCode: number | null;
      signal: string | null;
      durationMs: number | null;
    }
  | { type: 'stage-retry'; at: string; stage: string }
  | { type: 'run-finished'; at: string; status: Exclude<RunStatus, 'running'>; stages: StageRecord[] };

/** Commands the runner accepts. */
export type RunnerCommand =
  | { type: 'abort' }
  | { type: 'skip'; stage: string }
  | { type: 'retry'; stage: string };

export type RunEventListener = (event: RunEvent) => void;

/** What a UI or reporter needs of a run: events out, commands in. The in-process runner implements it;
 *  a socket client to a detached runner can implement it too. */
export interface RunController {
  subscribe(listener: RunEventListener): () => void;
  send(command: RunnerCommand): void;
}
