import type {
  CommitRecord,
  Coverage,
  JobProgress,
  QualityGate,
  RunStatus,
  SparkAppInfo,
  SparkMemory,
  SparkMemoryWarning,
  SparkStageProgress,
  SparkUiSnapshot,
  StageRecord,
  StageStatus,
  FailureCause,
} from './run-types.js';
import type { RunParams } from '../plan/plan-types.js';

// What a run says as it goes. Lifecycle events have a kind per target: `stage-*` for a stage that runs as
// one process, `chunk-*` for one chunk of a chunked stage (a chunked stage has no process of its own: it is
// running from its first chunk's start and gets one `stage-finished` with the verdict on all its chunks).
// What a process prints (output, Spark figures, its result) carries `chunk` as the address of the process
// that said it. Every event but `stage-output` and `storage-error` is appended to events.ndjson (Spark
// figures at most once a second per process). `at` is an ISO timestamp. The state these events make is
// `applyRunEvent` in run-fold.ts: nothing else interprets them into state.

export type FinishedStatus = Exclude<StageStatus, 'pending' | 'running'>;
export type StopReason = 'abort' | 'skip';
export type StopSignal = 'SIGTERM' | 'SIGKILL';

/** Which process an event from a process's output is about: a whole stage's, or one chunk's. */
interface FromProcess {
  at: string;
  stage: string;
  chunk?: string;
}

interface Outcome {
  status: FinishedStatus;
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
}

export type StageFinishedEvent = { type: 'stage-finished'; at: string; stage: string } & Outcome;
export type ChunkFinishedEvent = { type: 'chunk-finished'; at: string; stage: string; chunk: string } & Outcome;

export type RunEvent =
  | { type: 'run-started'; at: string; runId: string; runDir: string; params: RunParams; stages: StageRecord[] }
  /** `pid` is absent when the process had none (it could not be started). */
  | { type: 'stage-started'; at: string; stage: string; command: string[]; pid?: number }
  | { type: 'chunk-started'; at: string; stage: string; chunk: string; command: string[]; pid?: number }
  | { type: 'stage-progress'; at: string; stage: string; progress: JobProgress }
  | { type: 'chunk-progress'; at: string; stage: string; chunk: string; progress: JobProgress }
  | { type: 'stage-stopping'; at: string; stage: string; reason: StopReason; signal: StopSignal }
  /** A chunk stopped because another failed under `failFast` is reported with reason `abort`. */
  | { type: 'chunk-stopping'; at: string; stage: string; chunk: string; reason: StopReason; signal: StopSignal }
  | StageFinishedEvent
  | ChunkFinishedEvent
  | { type: 'stage-retry'; at: string; stage: string; /** Chunks that will run again (the ones that did not succeed). */ chunks?: string[] }
  | ({ type: 'stage-output'; lines: string[] } & FromProcess)
  | ({ type: 'spark-progress'; sparkStages: SparkStageProgress[] } & FromProcess)
  /** The driver's UI address, YARN application id or tracking URL, once read from the log. */
  | ({ type: 'spark-app'; app: SparkAppInfo } & FromProcess)
  /** A poll of the driver's REST API; only while the process lives and the API answers. */
  | ({ type: 'spark-ui' } & FromProcess & SparkUiSnapshot)
  /** A poll of the driver's Executors and stages (heap, GC, spill), every few seconds while they change. */
  | ({ type: 'spark-memory'; memory: SparkMemory } & FromProcess)
  /** GC took too much of the task time, or the heap neared its max: once per kind and process. */
  | ({ type: 'spark-memory-warning'; warning: SparkMemoryWarning } & FromProcess)
  /** A stopped stage's YARN application was killed on the cluster (`yarn application -kill`, or the
   *  ResourceManager's REST API), or could not be: `finalState` is what the ResourceManager reported last. */
  | ({ type: 'yarn-kill'; appId: string; ok: boolean; message: string; finalState?: string } & FromProcess)
  /** Why a process failed, found in its log (and YARN's diagnostics), with the fix; just before its `*-finished`. */
  | ({ type: 'failure-cause'; cause: FailureCause } & FromProcess)
  /** A job's BACKFILL_RESULT: its commits (and silver's coverage). */
  | ({ type: 'job-result'; rowsWritten: Record<string, number>; commits: CommitRecord[]; coverage?: Coverage } & FromProcess)
  | { type: 'quality-gate'; at: string; stage: string; gate: QualityGate }
  /** The run folder could not be written (disk full, quota, read-only): the run stops, and says so. Not in
   *  events.ndjson, which is on the same disk. */
  | { type: 'storage-error'; at: string; path: string; message: string }
  | {
      type: 'run-finished';
      at: string;
      status: Exclude<RunStatus, 'running'>;
      stages: StageRecord[];
      coverage?: Coverage;
      qualityGate?: QualityGate;
    };

export type RunEventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

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
