// The run's records and what its processes report: serializable, stored in run.json and events.ndjson (the
// plan's types, parameters in, are in plan-types.ts; events out and commands in, in events.ts). Nothing here may
// depend on React or on a terminal, so that a later runner can live in a detached process and speak over a socket.

import type { RunParams } from '../plan/plan-types.js';

export type StageStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'aborted';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'aborted';

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
  /** Why it failed, and the fix (src/runner/process/failure-cause.ts), when it failed. */
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
