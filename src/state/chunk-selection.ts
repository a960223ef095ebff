// The order in which `c` steps through a chunked stage's chunk logs: running chunks first (what the
// operator watches), then failed ones (what they read after), then the others that ran; then the whole stage.
import type { ChunkRecord } from '../runner/run/run-types.js';
import type { StageView } from './app-state.js';

function rank(chunk: ChunkRecord): number {
  if (chunk.status === 'running') return 0;
  return chunk.status === 'failed' ? 1 : 2;
}

/** Chunk ids with a log to show, in stepping order (date order within each group). */
export function chunkCycle(stage: StageView): string[] {
  const ran = (stage.chunks ?? []).filter((chunk) => chunk.status !== 'pending' && chunk.startedAt !== null);
  return ran
    .map((chunk, index) => ({ chunk, index }))
    .sort((a, b) => rank(a.chunk) - rank(b.chunk) || a.index - b.index)
    .map(({ chunk }) => chunk.id);
}

/** The chunk to show after `current` (null: the whole stage) moving by `delta`, wrapping through the whole stage. */
export function stepChunk(stage: StageView, current: string | null | undefined, delta: 1 | -1 = 1): string | null {
  const cycle: Array<string | null> = [null, ...chunkCycle(stage)];
  const index = cycle.indexOf(current ?? null);
  // A chunk that left the cycle (sent back to pending by a retry): start again from the whole stage.
  const from = index < 0 ? 0 : index;
  return cycle[(from + delta + cycle.length) % cycle.length] ?? null;
}
