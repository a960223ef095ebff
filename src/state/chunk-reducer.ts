// Chunked stages: a stage split by date into chunks, each its own spark-submit. The stage row shows how many
// chunks are done, and that count is the stage's progress (so the bar and ETA work as for job progress).
import type { ChunkRecord, RunEvent, StageStatus } from '../runner/types.js';
import type { ChunkSparkFigures, StageView } from './run-state.js';

const FINISHED: ReadonlySet<StageStatus> = new Set(['succeeded', 'failed', 'skipped', 'aborted']);

export function countChunks(chunks: readonly ChunkRecord[]): Record<StageStatus, number> {
  const counts: Record<StageStatus, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, aborted: 0 };
  for (const chunk of chunks) counts[chunk.status] += 1;
  return counts;
}

function newChunk(id: string, command: string[]): ChunkRecord {
  return { id, startDate: '', endDate: '', status: 'pending', command, startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

function withChunk(stage: StageView, id: string, update: (chunk: ChunkRecord) => ChunkRecord): StageView {
  const chunks = stage.chunks ?? [];
  const index = chunks.findIndex((chunk) => chunk.id === id);
  const next = chunks.slice();
  if (index < 0) next.push(update(newChunk(id, [])));
  else next[index] = update(chunks[index]!);
  return { ...stage, chunks: next };
}

/** Chunk completions as the stage's progress (for its bar; the ETA comes from the EtaTracker). */
function withChunkProgress(stage: StageView): StageView {
  const chunks = stage.chunks ?? [];
  const done = chunks.filter((chunk) => FINISHED.has(chunk.status)).length;
  return { ...stage, progress: { done, total: chunks.length, unit: 'chunks' } };
}

const NO_FIGURES: ChunkSparkFigures = { ui: null, uiAtMs: 0, stages: [], stagesAtMs: 0 };

function withChunkSpark(stage: StageView, id: string, update: ((figures: ChunkSparkFigures) => ChunkSparkFigures) | null): StageView {
  const current = stage.chunkSpark ?? {};
  if (update === null) {
    if (!(id in current)) return stage;
    const { [id]: _gone, ...rest } = current;
    return { ...stage, chunkSpark: rest };
  }
  return { ...stage, chunkSpark: { ...current, [id]: update(current[id] ?? NO_FIGURES) } };
}

type ChunkEvent = Extract<RunEvent, { chunk?: string }> & { chunk: string };

/** Applies an event about one chunk to its stage. */
export function reduceChunkEvent(stage: StageView, event: ChunkEvent): StageView {
  const atMs = Date.parse(event.at);
  switch (event.type) {
    case 'stage-started': {
      const started = withChunk(withChunkSpark(stage, event.chunk, null), event.chunk, (chunk) => ({
        ...chunk,
        status: 'running',
        command: event.command,
        startedAt: event.at,
        finishedAt: null,
        durationMs: null,
        exitCode: null,
        signal: null,
      }));
      return withChunkProgress({ ...started, status: stage.status === 'pending' ? 'running' : stage.status });
    }
    case 'stage-finished':
      return withChunkProgress(
        withChunk(withChunkSpark(stage, event.chunk, null), event.chunk, (chunk) => ({
          ...chunk,
          status: event.status,
          exitCode: event.exitCode,
          signal: event.signal,
          durationMs: event.durationMs,
          finishedAt: event.at,
        })),
      );
    case 'stage-stopping':
      return { ...stage, stopping: { reason: event.reason, signal: event.signal } };
    case 'spark-app':
      return withChunk(stage, event.chunk, (chunk) => ({ ...chunk, spark: { ...chunk.spark, ...event.app } }));
    case 'spark-ui': {
      const { type: _type, at: _at, stage: _stage, chunk: _chunk, ...snapshot } = event;
      return withChunkSpark(stage, event.chunk, (figures) => ({ ...figures, ui: snapshot, uiAtMs: atMs }));
    }
    case 'spark-progress':
      return withChunkSpark(stage, event.chunk, (figures) => ({ ...figures, stages: event.sparkStages, stagesAtMs: atMs }));
    default:
      // Per-chunk job progress would make the stage bar jump between parallel chunks; the chunk count stands for it.
      return stage;
  }
}

/** Chunks named by a retry go back to pending; without names, every chunk that did not succeed does. */
export function resetChunksForRetry(chunks: readonly ChunkRecord[] | undefined, ids: readonly string[] | undefined): ChunkRecord[] | undefined {
  if (!chunks) return undefined;
  return chunks.map((chunk) => {
    const again = ids ? ids.includes(chunk.id) : chunk.status !== 'succeeded';
    return again ? { ...newChunk(chunk.id, chunk.command), startDate: chunk.startDate, endDate: chunk.endDate } : chunk;
  });
}
