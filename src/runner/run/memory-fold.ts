// The memory part of the run fold: a process's Spark memory figures and warnings on its record, and a
// chunked stage's figures as its chunks' together.
import type { ProcessRecord, SparkMemory, SparkMemoryWarning, StageRecord } from './run-types.js';

/** The latest figures replace the earlier ones: each poll holds the application's totals and peaks so far. */
export function withMemory<T extends ProcessRecord>(record: T, memory: SparkMemory): T {
  return { ...record, memory };
}

/** At most one warning of each kind; the first stays. */
export function withMemoryWarning<T extends ProcessRecord>(record: T, warning: SparkMemoryWarning): T {
  const warnings = record.memoryWarnings ?? [];
  if (warnings.some((known) => known.kind === warning.kind)) return record;
  return { ...record, memoryWarnings: [...warnings, warning] };
}

/** A record about to run again: its figures and warnings were the previous process's. */
export function withoutMemory<T extends ProcessRecord>(record: T): T {
  const { memory: _memory, memoryWarnings: _warnings, ...rest } = record;
  return rest as T;
}

/** Several applications' figures as one: the heap closest to its max, GC and task time and spill added up. */
export function combinedMemory(figures: readonly SparkMemory[]): SparkMemory | undefined {
  if (figures.length === 0) return undefined;
  let heap: SparkMemory['heap'];
  for (const each of figures) {
    if (each.heap && (!heap || each.heap.peakBytes / each.heap.maxBytes > heap.peakBytes / heap.maxBytes)) heap = each.heap;
  }
  const total = (pick: (memory: SparkMemory) => number) => figures.reduce((sum, memory) => sum + pick(memory), 0);
  return {
    ...(heap ? { heap } : {}),
    ...(figures.every((memory) => memory.driverOnly) ? { driverOnly: true } : {}),
    gcTimeMs: total((memory) => memory.gcTimeMs),
    taskTimeMs: total((memory) => memory.taskTimeMs),
    memorySpilledBytes: total((memory) => memory.memorySpilledBytes),
    diskSpilledBytes: total((memory) => memory.diskSpilledBytes),
  };
}

/** A stage's figures: its own, or for a chunked stage its chunks' together. */
export function stageMemory(stage: StageRecord): SparkMemory | undefined {
  if (!stage.chunks) return stage.memory;
  return combinedMemory(stage.chunks.flatMap((chunk) => (chunk.memory ? [chunk.memory] : [])));
}

/** A stage's warnings with where each was seen: its own, or its chunks'. */
export function stageMemoryWarnings(stage: StageRecord): Array<{ chunk?: string; warning: SparkMemoryWarning }> {
  const own = (stage.memoryWarnings ?? []).map((warning) => ({ warning }));
  const ofChunks = (stage.chunks ?? []).flatMap((chunk) => (chunk.memoryWarnings ?? []).map((warning) => ({ chunk: chunk.id, warning })));
  return [...own, ...ofChunks];
}

/** GC time of the task time (0..1); null before any task has finished. */
export function gcShare(memory: Pick<SparkMemory, 'gcTimeMs' | 'taskTimeMs'>): number | null {
  return memory.taskTimeMs > 0 ? memory.gcTimeMs / memory.taskTimeMs : null;
}

/** The heap's peak of its max (0..1), when known. */
export function heapShare(memory: Pick<SparkMemory, 'heap'>): number | null {
  return memory.heap && memory.heap.maxBytes > 0 ? memory.heap.peakBytes / memory.heap.maxBytes : null;
}
