import type { ChunkRecord, StageRecord, StageStatus } from './run-types.js';
import type { PlannedChunk } from '../plan/plan-types.js';

export function emptyStageRecord(name: string, command: string[], status: StageStatus): StageRecord {
  return { name, status, command, startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

export function emptyChunkRecord(chunk: PlannedChunk, status: StageStatus): ChunkRecord {
  const { id, startDate, endDate, command } = chunk;
  return { id, startDate, endDate, status, command, startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

/** A planned stage's record, given what an earlier attempt of the same run did: a succeeded stage stays
 *  succeeded; of a chunked one, the succeeded chunks stay, in date order among the planned ones, which the
 *  plan cut around them (see planChunksAround). */
export function resumedStage(planned: StageRecord, previous: StageRecord): StageRecord {
  // Kept as it ran, whatever the new chunk sizes: its rows are written.
  if (previous.status === 'succeeded') return structuredClone(previous);
  if (!planned.chunks) return planned;
  const kept = (previous.chunks ?? []).filter((chunk) => chunk.status === 'succeeded').map((chunk) => structuredClone(chunk));
  const keptIds = new Set(kept.map((chunk) => chunk.id));
  const chunks = [...kept, ...planned.chunks.filter((chunk) => !keptIds.has(chunk.id))].sort((a, b) => a.startDate.localeCompare(b.startDate));
  return { ...planned, chunks };
}
