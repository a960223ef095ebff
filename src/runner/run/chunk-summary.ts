import type { ChunkRecord, StageStatus } from './run-types.js';

/** Chunks of a stage by what they are doing, for a compact `3 done, 2 running, 1 failed, 6 pending`. */
export interface ChunkCounts {
  done: number;
  running: number;
  failed: number;
  pending: number;
  /** Skipped or aborted. */
  stopped: number;
  total: number;
}

export function countChunks(chunks: readonly Pick<ChunkRecord, 'status'>[]): ChunkCounts {
  const counts: ChunkCounts = { done: 0, running: 0, failed: 0, pending: 0, stopped: 0, total: chunks.length };
  const bucket: Record<StageStatus, keyof Omit<ChunkCounts, 'total'>> = {
    succeeded: 'done',
    running: 'running',
    failed: 'failed',
    pending: 'pending',
    skipped: 'stopped',
    aborted: 'stopped',
  };
  for (const chunk of chunks) counts[bucket[chunk.status]]++;
  return counts;
}

export function describeChunkCounts(counts: ChunkCounts): string {
  const parts = [`${counts.done} done`, `${counts.running} running`, `${counts.failed} failed`, `${counts.pending} pending`];
  if (counts.stopped > 0) parts.push(`${counts.stopped} stopped`);
  return `${parts.join(', ')} of ${counts.total}`;
}
