import { stageMemory } from './memory-fold.js';
import { emptyChunkRecord, emptyStageRecord, resumedStage } from './empty-records.js';
import type {
  ChunkRecord,
  Coverage,
  JobProgress,
  QualityGate,
  RunRecord,
  RunStatus,
  SparkStageProgress,
  SparkUiSnapshot,
  StageRecord,
} from './run-types.js';
import type { RunEventOf, StopReason, StopSignal } from './events.js';
import type { Plan, RunParams } from '../plan/plan-types.js';

/** A stage as the run's events leave it: its record (what run.json keeps) and what is live while it runs. */
export interface LiveStage extends StageRecord {
  /** Chosen to run in this run; a stage not chosen is skipped from the start. */
  selected: boolean;
  pid: number | null;
  /** The job's own progress; for a chunked stage, its finished chunks of all. */
  progress: JobProgress | null;
  sparkStages: SparkStageProgress[];
  /** The latest poll of the driver's REST API, while it answers. */
  sparkUi: SparkUiSnapshot | null;
  /** When `sparkUi` and `sparkStages` last changed, to tell a UI that stopped answering from a live one. */
  sparkUiAtMs?: number;
  sparkStagesAtMs?: number;
  /** Spark figures of each running chunk of a chunked stage; an entry goes when its chunk finishes. */
  chunkSpark?: Record<string, ChunkSparkFigures>;
  stopping: { reason: StopReason; signal: StopSignal } | null;
}

/** What a running chunk last reported: its job progress, its driver's REST API poll and its console bar. */
export interface ChunkSparkFigures {
  progress?: JobProgress;
  ui: SparkUiSnapshot | null;
  uiAtMs: number;
  stages: SparkStageProgress[];
  stagesAtMs: number;
}

/** A run as its events leave it. The runner, the host, the reporters and the screen all hold one, made by
 *  `applyRunEvent` and by nothing else; the ETA estimates from its holder's. */
export interface RunState {
  runId: string;
  /** Null until the run has started and has a folder. */
  runDir: string | null;
  params: RunParams;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  stages: LiveStage[];
  coverage?: Coverage;
  qualityGate?: QualityGate;
  /** Why the run folder could not be written (disk full), when that stopped the run. */
  storageError?: string;
}

/** What a stage has while no process of it runs: no pid, no Spark figures, nothing being stopped. A new list
 *  each time, so that no two stages share one. */
export function idleProcess(): Pick<LiveStage, 'pid' | 'sparkStages' | 'sparkUi' | 'stopping'> {
  return { pid: null, sparkStages: [], sparkUi: null, stopping: null };
}

export function liveStage(record: StageRecord, selected = record.status !== 'skipped'): LiveStage {
  return { ...record, selected, progress: null, ...idleProcess() };
}

/** A run about to start: its stages from the plan, the ones a resumed run already did kept as they were. */
export function initialRunState(plan: Plan, at: string, resume?: RunRecord): RunState {
  const stages = plan.stages.map((stage) => {
    const record = emptyStageRecord(stage.name, stage.command, stage.selected ? 'pending' : 'skipped');
    if (stage.chunks) record.chunks = stage.chunks.map((chunk) => emptyChunkRecord(chunk, stage.selected ? 'pending' : 'skipped'));
    const previous = resume?.stages.find((candidate) => candidate.name === stage.name);
    return liveStage(previous && stage.selected ? resumedStage(record, previous) : record, stage.selected);
  });
  // The coverage the kept chunks (or a kept silver) reported: what the rerun chunks report is laid over it.
  return { runId: plan.runId, runDir: null, params: plan.params, status: 'running', startedAt: at, finishedAt: null, stages, ...(resume?.coverage ? { coverage: resume.coverage } : {}) };
}

function processRecord<T extends StageRecord | ChunkRecord>(record: T): StageRecord | ChunkRecord {
  const { status, command, startedAt, finishedAt, durationMs, exitCode, signal, spark, commits, memory, memoryWarnings, failure } = record;
  return {
    status,
    command,
    startedAt,
    finishedAt,
    durationMs,
    exitCode,
    signal,
    ...(spark ? { spark } : {}),
    ...(commits ? { commits } : {}),
    ...(memory ? { memory } : {}),
    ...(memoryWarnings ? { memoryWarnings } : {}),
    ...(failure ? { failure } : {}),
  } as StageRecord;
}

/** The stage's record as run.json keeps it: nothing live. */
export function stageRecordOf(stage: StageRecord): StageRecord {
  const chunks = stage.chunks?.map((chunk) => ({ id: chunk.id, startDate: chunk.startDate, endDate: chunk.endDate, ...processRecord(chunk) }) as ChunkRecord);
  // A chunked stage's memory is its chunks' together.
  const memory = stageMemory(stage);
  return { name: stage.name, ...processRecord(stage), ...(memory ? { memory } : {}), ...(chunks ? { chunks } : {}) } as StageRecord;
}

/** The content of run.json. */
export function toRunRecord(state: RunState): RunRecord {
  return {
    id: state.runId,
    params: state.params,
    status: state.status,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    stages: state.stages.map(stageRecordOf),
    ...(state.coverage ? { coverage: state.coverage } : {}),
    ...(state.qualityGate ? { qualityGate: state.qualityGate } : {}),
  };
}

/** The state a run's `run-started` event makes, for a holder that first hears of the run there. */
export function runStateAtStart(event: RunEventOf<'run-started'>): RunState {
  return {
    runId: event.runId,
    runDir: event.runDir,
    params: event.params,
    status: 'running',
    startedAt: event.at,
    finishedAt: null,
    stages: event.stages.map((record) => liveStage(record)),
  };
}
