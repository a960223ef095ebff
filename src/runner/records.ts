import type { ChunkRecord, PlannedChunk, StageRecord, StageStatus } from './types.js';

export function emptyStageRecord(name: string, command: string[], status: StageStatus): StageRecord {
  return { name, status, command, startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

export function emptyChunkRecord(chunk: PlannedChunk, status: StageStatus): ChunkRecord {
  const { id, startDate, endDate, command } = chunk;
  return { id, startDate, endDate, status, command, startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

/** A planned stage's record, given what an earlier attempt of the same run did: a succeeded stage stays
 *  succeeded; of a chunked one, the succeeded chunks (same dates) stay, the others run again. */
export function resumedStage(planned: StageRecord, previous: StageRecord): StageRecord {
  // Kept as it ran, whatever the new chunk sizes: its rows are written.
  if (previous.status === 'succeeded') return structuredClone(previous);
  if (!planned.chunks) return planned;
  const done = new Map((previous.chunks ?? []).filter((chunk) => chunk.status === 'succeeded').map((chunk) => [chunk.id, chunk]));
  const chunks = planned.chunks.map((chunk) => {
    const before = done.get(chunk.id);
    return before && before.startDate === chunk.startDate && before.endDate === chunk.endDate ? structuredClone(before) : chunk;
  });
  return { ...planned, chunks };
}
