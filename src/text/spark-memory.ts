import { gcShare, heapShare } from '../runner/run/memory-fold.js';
import type { SparkMemory, SparkMemoryWarning } from '../runner/run/run-types.js';
import { formatBytes } from './bytes.js';
import { formatDuration } from './duration.js';
import { terminalSafe } from './terminal-safe.js';

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Where the heap figure is from: `driver` or `executor 3` (the id comes from the REST API: made safe). */
function executorName(id: string): string {
  return id === 'driver' ? 'driver' : `executor ${terminalSafe(id)}`;
}

/** `heap 63% of 1.9 GiB · GC 4% · spill 340 MiB`: the stage row's short form ('' before the first poll). */
export function describeMemoryShort(memory: SparkMemory | undefined): string {
  if (!memory) return '';
  const parts: string[] = [];
  const heap = heapShare(memory);
  if (heap !== null && memory.heap) parts.push(`heap ${percent(heap)} of ${formatBytes(memory.heap.maxBytes)}`);
  const gc = gcShare(memory);
  if (gc !== null) parts.push(`GC ${percent(gc)}`);
  if (memory.diskSpilledBytes > 0) parts.push(`spill ${formatBytes(memory.diskSpilledBytes)}`);
  return parts.join(' · ');
}

/** `heap peak 1.2 GiB of 1.9 GiB (63%, driver), GC 4% of 5m12s task time, spilled 1.2 GiB (340 MiB on disk)`. */
export function describeMemory(memory: SparkMemory): string {
  const parts: string[] = [];
  const heap = heapShare(memory);
  if (heap !== null && memory.heap) {
    parts.push(`heap peak ${formatBytes(memory.heap.peakBytes)} of ${formatBytes(memory.heap.maxBytes)} (${percent(heap)}, ${executorName(memory.heap.executor)})`);
  }
  const gc = gcShare(memory);
  if (gc !== null) parts.push(`GC ${percent(gc)} of ${formatDuration(memory.taskTimeMs)} task time`);
  parts.push(
    memory.memorySpilledBytes > 0 || memory.diskSpilledBytes > 0
      ? `spilled ${formatBytes(memory.memorySpilledBytes)} (${formatBytes(memory.diskSpilledBytes)} on disk)`
      : 'no spill',
  );
  return parts.join(', ');
}

/** A warning's text, safe for a terminal. */
export function describeMemoryWarning(warning: SparkMemoryWarning): string {
  return terminalSafe(warning.message);
}
