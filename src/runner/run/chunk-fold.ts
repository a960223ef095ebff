// The chunk half of the run fold: events about one chunk of a chunked stage, applied to that stage.
import type { RunEventOf } from './events.js';
import { withoutMemory } from './memory-fold.js';
import { idleProcess, type ChunkSparkFigures, type LiveStage } from './run-state.js';
import { notRun } from './empty-records.js';
import type { ChunkRecord } from './run-types.js';

const NO_FIGURES: ChunkSparkFigures = { ui: null, uiAtMs: 0, stages: [], stagesAtMs: 0 };

export function withChunk(stage: LiveStage, id: string, update: (chunk: ChunkRecord) => ChunkRecord): LiveStage {
  const chunks = stage.chunks ?? [];
  const index = chunks.findIndex((chunk) => chunk.id === id);
  if (index < 0) return stage;
  const next = chunks.slice();
  next[index] = update(chunks[index]!);
  return { ...stage, chunks: next };
}

/** A chunked stage's progress is its finished chunks of all (its bar; the ETA has its own figures). */
export function withChunkCount(stage: LiveStage): LiveStage {
  const chunks = stage.chunks ?? [];
  const done = chunks.filter((chunk) => chunk.status !== 'pending' && chunk.status !== 'running').length;
  return { ...stage, progress: { done, total: chunks.length, unit: 'chunks' } };
}

export function withChunkSpark(stage: LiveStage, id: string, update: ((figures: ChunkSparkFigures) => ChunkSparkFigures) | null): LiveStage {
  const current = stage.chunkSpark ?? {};
  if (update === null) {
    if (!(id in current)) return stage;
    const { [id]: _gone, ...rest } = current;
    return { ...stage, chunkSpark: rest };
  }
  return { ...stage, chunkSpark: { ...current, [id]: update(current[id] ?? NO_FIGURES) } };
}

function restarted<T extends ChunkRecord | LiveStage>(record: T, at: string, command: string[]): T {
  const { spark: _spark, commits: _commits, failure: _failure, ...rest } = withoutMemory(record);
  return { ...rest, status: 'running', command, ...notRun(), startedAt: at } as T;
}

/** The first chunk's start is the stage's. */
export function chunkStarted(stage: LiveStage, event: RunEventOf<'chunk-started'>): LiveStage {
  const begun: LiveStage =
    stage.status === 'running' ? stage : { ...restarted(stage, event.at, stage.command), ...idleProcess() };
  const started = withChunk(withChunkSpark(begun, event.chunk, null), event.chunk, (chunk) => restarted(chunk, event.at, event.command));
  return withChunkCount(started);
}

export function chunkFinished(stage: LiveStage, event: RunEventOf<'chunk-finished'>): LiveStage {
  const { status, exitCode, signal, durationMs } = event;
  const finished = withChunk(withChunkSpark(stage, event.chunk, null), event.chunk, (chunk) => ({
    ...chunk,
    status,
    exitCode,
    signal,
    durationMs,
    finishedAt: event.at,
  }));
  return withChunkCount(finished);
}

export function withChunkApp(stage: LiveStage, id: string, app: NonNullable<ChunkRecord['spark']>): LiveStage {
  return withChunk(stage, id, (chunk) => ({ ...chunk, spark: { ...chunk.spark, ...app } }));
}

export function withChunkCommits(stage: LiveStage, id: string, commits: NonNullable<ChunkRecord['commits']>): LiveStage {
  return withChunk(stage, id, (chunk) => ({ ...chunk, commits }));
}

export function withChunkFailure(stage: LiveStage, id: string, failure: NonNullable<ChunkRecord['failure']>): LiveStage {
  return withChunk(stage, id, (chunk) => ({ ...chunk, failure }));
}

/** Chunks named by a retry go back to pending; without names, every chunk that did not succeed does. */
export function resetChunksForRetry(chunks: readonly ChunkRecord[] | undefined, ids: readonly string[] | undefined): ChunkRecord[] | undefined {
  if (!chunks) return undefined;
  return chunks.map((chunk) => {
    const again = ids ? ids.includes(chunk.id) : chunk.status !== 'succeeded';
    if (!again) return chunk;
    const { id, startDate, endDate, command } = chunk;
    return { id, startDate, endDate, command, status: 'pending', ...notRun() };
  });
}

/** A stage skipped before its chunks ran: the ones not started are skipped with it. */
export function skipPendingChunks(chunks: readonly ChunkRecord[] | undefined): ChunkRecord[] | undefined {
  return chunks?.map((chunk) => (chunk.status === 'pending' ? { ...chunk, status: 'skipped' } : chunk));
}
