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
  /** True when the stage may be split by date into chunks (`--chunk`), each its own submit. */
  chunkable?: boolean;
  /** A chunk's arguments (`{startDate}`/`{endDate}` are the chunk's); default `args`. */
  chunkArgs?: ArgToken[];
  /** The first chunk's arguments, for what a stage writes once (gold's dims); default `chunkArgs`. */
  firstChunkArgs?: ArgToken[];
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
  /** How each stage's range is split: `none` (default), `month`, `week` or `<N>d`. */
  chunk?: ChunkSpec;
  /** Per-stage exceptions to `chunk` (`--chunk gold=week`, `--chunk gold=none`). */
  stageChunks?: Record<string, ChunkSpec>;
  /** How many chunks run at once (default 1). */
  parallel?: number;
  /** Stop a chunked stage's other chunks as soon as one fails (default: let them finish). */
  failFast?: boolean;
  /** Times a failed stage (or chunk) is started again before it counts as failed (default 0), each attempt
   *  with its own log; see src/runs/retrying-stage.ts. */
  retries?: number;
  /** Seconds between a failed attempt and the next (default 30). */
  retryDelaySeconds?: number;
  /** Percent of complete hours every location-day needs after silver, or the run fails before gold. */
  minCompleteness?: number;
  /** POSTed the run's summary when it ends. A secret (webhook tokens): redacted in run.json and on screen. */
  notifyUrl?: string;
  /** Run (argv, no shell) with the summary on stdin when the run ends. */
  notifyCmd?: string;
}

/** `none`, `month`, `week` or a number of days such as `10d`. */
export type ChunkSpec = 'none' | 'month' | 'week' | `${number}d`;

/** One date chunk of a chunked stage, as planned. */
export interface PlannedChunk {
  /** Unique within the stage, safe in file and app names: `2024-01` (month) or the chunk's first day. */
  id: string;
  startDate: string;
  endDate: string;
  command: string[];
}

export interface PlannedStage {
  name: string;
  /** Full argv: submit command, spark options, app, app args. Empty for a stage not selected. */
  command: string[];
  selected: boolean;
  /** Set when the stage runs as date chunks; `command` is then empty and each chunk has its own. */
  chunks?: PlannedChunk[];
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

/** Where a Spark application can be found, as read from its driver's log. */
export interface SparkAppInfo {
  /** Driver UI, e.g. `http://10.0.0.5:4041` (from `Bound SparkUI to ..., and started at ...`). */
  uiUrl?: string;
  /** YARN application id, `application_1700000000000_0042`. */
  appId?: string;
  /** YARN tracking URL. */
  trackingUrl?: string;
  /** The standalone master the driver connected to (`spark://host:7077`). */
  master?: string;
  /** The application's final state on the cluster after backfill killed it (`KILLED`), when it did. */
  finalState?: string;
}

/** One Iceberg commit a job reported (`BACKFILL_RESULT`): `parentSnapshotId` is what it replaced (null when
 *  the commit created the table), so a run can be rolled back table by table. */
export interface CommitRecord {
  table: string;
  /** Decimal strings: Iceberg snapshot ids are 64-bit and do not fit a JavaScript number. */
  snapshotId: string;
  parentSnapshotId: string | null;
  rowsWritten: number;
}

/** Per location and day of the run's range, how many of the 24 hours have every AQI pollutant (silver reports it). */
export interface Coverage {
  start: string;
  end: string;
  hoursPerDay: number;
  pollutants: string[];
  /** Complete hours of each day from `start` to `end`, per location key. */
  locations: Record<string, number[]>;
}

/** The data-quality gate between silver and gold (`--min-completeness`). */
export interface QualityGate {
  passed: boolean;
  minCompleteness: number;
  /** The location-days furthest below the bar, worst first (at most a handful). */
  worst: Array<{ location: string; date: string; completeHours: number; percent: number }>;
  message: string;
}

/** What is recorded of one spark-submit process: a stage's, or a chunk's. */
export interface ProcessRecord {
  status: StageStatus;
  command: string[];
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  spark?: SparkAppInfo;
  /** The Iceberg commits the job reported, when it reported any. */
  commits?: CommitRecord[];
  /** Heap, GC and spill of its Spark application so far (of a chunked stage: of its chunks together). */
  memory?: SparkMemory;
  /** Memory trouble seen while it ran, at most one of each kind. */
  memoryWarnings?: SparkMemoryWarning[];
  /** Why it failed, and the fix (src/runner/failure-cause.ts), when it failed. */
  failure?: FailureCause;
}

export interface StageRecord extends ProcessRecord {
  name: string;
  /** The stage's chunks, in date order, when it runs chunked. */
  chunks?: ChunkRecord[];
}

/** One chunk of a chunked stage: a process record plus its dates. */
export interface ChunkRecord extends ProcessRecord {
  id: string;
  startDate: string;
  endDate: string;
}

/** A poll of a driver's REST API (`/api/v1/applications/<id>/...`). */
export interface SparkUiSnapshot {
  url: string;
  appId?: string;
  /** Tasks of the running jobs (all jobs once none runs). */
  completedTasks: number;
  totalTasks: number;
  activeStages: number;
  failedTasks: number;
  executors: number;
}

/** What a driver's REST API tells of its application's memory so far: the Executors tab (JVM heap, GC and
 *  task time) and its stages' spill. Totals and peaks since the application started. */
export interface SparkMemory {
  /** The executor whose heap came closest to its max (the driver in local mode): the peak JVM heap used
   *  it reported, and its heap size. Absent until an executor's first heartbeat, or from a Spark without
   *  executor metrics. */
  heap?: { peakBytes: number; maxBytes: number; executor: string };
  /** True when the driver is the only executor (local mode): its memory is what to raise. */
  driverOnly?: boolean;
  /** JVM GC time during tasks and task time, all executors, ms (`totalGCTime`, `totalDuration`). */
  gcTimeMs: number;
  taskTimeMs: number;
  /** Bytes all stages spilled (`memoryBytesSpilled`: deserialized size in memory; `diskBytesSpilled`: written). */
  memorySpilledBytes: number;
  diskSpilledBytes: number;
}

/** Memory trouble worth a change before the next run: GC eats the tasks' time, or the heap nears its max. */
export interface SparkMemoryWarning {
  kind: 'gc' | 'heap';
  /** What crossed the threshold: GC time of task time, or the heap's peak of its max (0..1). */
  share: number;
  /** The figure and what to change, e.g. `GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory`. */
  message: string;
}

/** The content of run.json. */
export interface RunRecord {
  id: string;
  params: RunParams;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  stages: StageRecord[];
  /** From silver's result, when it ran in this run. */
  coverage?: Coverage;
  qualityGate?: QualityGate;
}

/** What kind of failure it was, which decides the fix. */
export const FAILURE_KINDS = [
  /** A JVM ran out of heap (java.lang.OutOfMemoryError, Spark's exit code 52). */
  'out-of-memory',
  /** YARN killed a container for exceeding its memory limits (heap plus overhead). */
  'container-memory',
  /** SIGKILL (exit 137) with no word why: the kernel's OOM killer, or a kill -9. */
  'killed',
  /** SIGTERM (exit 143) that backfill did not send. */
  'terminated',
  /** SIGINT (exit 130). */
  'interrupted',
  /** The job refused its input (its exit code 2). */
  'bad-input',
  /** The job's own BACKFILL_FAILED line. */
  'job-failed',
  /** A Java or Python exception in the log. */
  'exception',
  /** The process could not be started. */
  'not-started',
  /** Nothing in the log says more than the exit code. */
  'exit',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A failed process's cause as recorded in run.json and shown wherever a failure is summed up. */
export interface FailureCause {
  kind: FailureKind;
  /** One line: what went wrong (the job's reason, the first exception, or what the exit code means). */
  summary: string;
  /** The exception's chain (`Caused by:`), outermost first, deepest last; at most MAX_CAUSES. */
  causes: string[];
  /** What the exit code or signal means. */
  exit: string;
  /** What YARN's ResourceManager said of the application, when it ran on YARN. */
  diagnostics?: string;
  /** What to change, in words. */
  advice?: string;
  /** A command the operator can paste. */
  fix?: string;
}
