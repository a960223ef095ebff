import type { ChunkRecord, ProcessRecord, StageRecord, StageStatus } from './run-types.js';
import type { PlannedChunk } from '../plan/plan-types.js';

/** A process record's outcome before its process ran: no start, no end, no exit. */
export function notRun(): Pick<ProcessRecord, 'startedAt' | 'finishedAt' | 'durationMs' | 'exitCode' | 'signal'> {
  return { startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

export function emptyStageRecord(name: string, command: string[], status: StageStatus): StageRecord {
  return { name, status, command, ...notRun() };
}

export function emptyChunkRecord(chunk: PlannedChunk, status: StageStatus): ChunkRecord {
  const { id, startDate, endDate, command } = chunk;
  return { id, startDate, endDate, status, command, ...notRun() };
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
