import {
  chunkFinished,
  chunkStarted,
  resetChunksForRetry,
  skipPendingChunks,
  withChunk,
  withChunkApp,
  withChunkCommits,
  withChunkFailure,
  withChunkSpark,
} from './chunk-fold.js';
import { mergeCoverage } from './coverage-merge.js';
import type { RunEvent, RunEventOf } from './events.js';
import { withMemory, withMemoryWarning, withoutMemory } from './memory-fold.js';
import { idleProcess, liveStage, type LiveStage, type RunState } from './run-state.js';
import { notRun } from './empty-records.js';
import type { StageRecord } from './run-types.js';

// The one place a run's state changes: every holder of a run (the runner and its run.json, the host's
// snapshot, the reporters, the ETA, the screen) applies the same events with this function. Pure: it returns
// a new state, or the same one when the event changes nothing. Generic, so a holder's own members (a
// screen's log tails) pass through untouched.

function updateStage<S extends RunState>(state: S, name: string, update: (stage: LiveStage) => LiveStage): S {
  const index = state.stages.findIndex((stage) => stage.name === name);
  if (index < 0) return state;
  const stages = state.stages.slice();
  stages[index] = update(state.stages[index]!);
  return { ...state, stages };
}

/** Records told whole (at the start and the end of a run) laid over what is known, live figures kept. */
function withRecords<S extends RunState>(state: S, records: readonly StageRecord[] | undefined): S {
  if (!records || records.length === 0) return state;
  const known = new Map(state.stages.map((stage) => [stage.name, stage]));
  const stages = records.map((record) => {
    const previous = known.get(record.name) ?? liveStage(record);
    return { ...previous, ...record, command: record.command.length > 0 ? record.command : previous.command };
  });
  return { ...state, stages };
}

function stageStarted(stage: LiveStage, event: RunEventOf<'stage-started'>): LiveStage {
  const { spark: _spark, commits: _commits, failure: _failure, ...rest } = withoutMemory(stage);
  return {
    ...rest,
    ...idleProcess(),
    status: 'running',
    command: event.command.length > 0 ? event.command : stage.command,
    pid: event.pid ?? null,
    ...notRun(),
    startedAt: event.at,
    progress: null,
  };
}

function stageFinished(stage: LiveStage, event: RunEventOf<'stage-finished'>): LiveStage {
  const { status, exitCode, signal, durationMs } = event;
  const chunks = status === 'skipped' ? skipPendingChunks(stage.chunks) : stage.chunks;
  return { ...stage, ...idleProcess(), status, exitCode, signal, durationMs, finishedAt: event.at, ...(chunks ? { chunks } : {}) };
}

function stageRetried(stage: LiveStage, event: RunEventOf<'stage-retry'>): LiveStage {
  const chunks = resetChunksForRetry(stage.chunks, event.chunks);
  const { spark: _spark, commits: _commits, chunkSpark: _figures, failure: _failure, ...rest } = withoutMemory(stage);
  return {
    ...rest,
    ...idleProcess(),
    selected: true,
    status: 'pending',
    ...notRun(),
    progress: null,
    ...(chunks ? { chunks } : {}),
  };
}

/** Spark figures, an app or commits from one process: on its chunk when it names one, else on its stage. */
function fromProcess(
  stage: LiveStage,
  event: RunEventOf<'spark-progress' | 'spark-ui' | 'spark-app' | 'job-result' | 'spark-memory' | 'spark-memory-warning'>,
): LiveStage {
  const atMs = Date.parse(event.at);
  const chunk = event.chunk;
  switch (event.type) {
    case 'spark-progress':
      if (chunk !== undefined) return withChunkSpark(stage, chunk, (figures) => ({ ...figures, stages: event.sparkStages, stagesAtMs: atMs }));
      return { ...stage, sparkStages: event.sparkStages, sparkStagesAtMs: atMs };
    case 'spark-ui': {
      const { type: _type, at: _at, stage: _stage, chunk: _chunk, ...snapshot } = event;
      if (chunk !== undefined) return withChunkSpark(stage, chunk, (figures) => ({ ...figures, ui: snapshot, uiAtMs: atMs }));
      return { ...stage, sparkUi: snapshot, sparkUiAtMs: atMs };
    }
    case 'spark-app':
      if (chunk !== undefined) return withChunkApp(stage, chunk, event.app);
      return { ...stage, spark: { ...stage.spark, ...event.app } };
    case 'job-result':
      if (chunk !== undefined) return withChunkCommits(stage, chunk, event.commits);
      return { ...stage, commits: event.commits };
    case 'spark-memory':
      if (chunk !== undefined) return withChunk(stage, chunk, (record) => withMemory(record, event.memory));
      return withMemory(stage, event.memory);
    case 'spark-memory-warning':
      if (chunk !== undefined) return withChunk(stage, chunk, (record) => withMemoryWarning(record, event.warning));
      return withMemoryWarning(stage, event.warning);
  }
}

export function applyRunEvent<S extends RunState>(state: S, event: RunEvent): S {
  switch (event.type) {
    case 'run-started':
      return withRecords(
        { ...state, runId: event.runId, runDir: event.runDir, params: event.params, status: 'running', startedAt: event.at, finishedAt: null },
        event.stages,
      );
    case 'stage-started':
      return updateStage(state, event.stage, (stage) => stageStarted(stage, event));
    case 'chunk-started':
      return updateStage(state, event.stage, (stage) => chunkStarted(stage, event));
    case 'stage-progress':
      return updateStage(state, event.stage, (stage) => ({ ...stage, progress: event.progress }));
    case 'stage-stopping':
    case 'chunk-stopping':
      return updateStage(state, event.stage, (stage) => ({ ...stage, stopping: { reason: event.reason, signal: event.signal } }));
    case 'stage-finished':
      return updateStage(state, event.stage, (stage) => stageFinished(stage, event));
    case 'chunk-finished':
      return updateStage(state, event.stage, (stage) => chunkFinished(stage, event));
    case 'stage-retry': {
      const next = updateStage(state, event.stage, (stage) => stageRetried(stage, event));
      return next === state ? state : { ...next, status: 'running', finishedAt: null };
    }
    case 'spark-progress':
    case 'spark-ui':
    case 'spark-app':
    case 'spark-memory':
    case 'spark-memory-warning':
      return updateStage(state, event.stage, (stage) => fromProcess(stage, event));
    case 'job-result': {
      const next = updateStage(state, event.stage, (stage) => fromProcess(stage, event));
      if (!event.coverage) return next;
      // A chunk reports its own days: laid over the others'.
      return { ...next, coverage: event.chunk !== undefined ? mergeCoverage(state.coverage, event.coverage) : event.coverage };
    }
    case 'failure-cause':
      return updateStage(state, event.stage, (stage) =>
        event.chunk !== undefined ? withChunkFailure(stage, event.chunk, event.cause) : { ...stage, failure: event.cause },
      );
    case 'quality-gate':
      return { ...state, qualityGate: event.gate };
    case 'storage-error':
      return { ...state, storageError: event.message };
    case 'run-finished':
      return withRecords(
        {
          ...state,
          status: event.status,
          finishedAt: event.at,
          ...(event.coverage ? { coverage: event.coverage } : {}),
          ...(event.qualityGate ? { qualityGate: event.qualityGate } : {}),
        },
        event.stages,
      );
    case 'chunk-progress':
      return updateStage(state, event.stage, (stage) => withChunkSpark(stage, event.chunk, (figures) => ({ ...figures, progress: event.progress })));
    case 'yarn-kill': {
      if (!event.finalState) return state;
      const app = { appId: event.appId, finalState: event.finalState };
      return updateStage(state, event.stage, (stage) =>
        event.chunk !== undefined ? withChunkApp(stage, event.chunk, app) : { ...stage, spark: { ...stage.spark, ...app } },
      );
    }
    case 'stage-output':
      // Output and kills are log lines: a screen's or a reporter's, not the run's.
      return state;
  }
}

/** Applies events in order. */
export function applyRunEvents<S extends RunState>(state: S, events: readonly RunEvent[]): S {
  let next = state;
  for (const event of events) next = applyRunEvent(next, event);
  return next;
}
