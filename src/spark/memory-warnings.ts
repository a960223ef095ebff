import type { SparkMemory, SparkMemoryWarning } from '../runner/run/run-types.js';
import { formatBytes } from '../text/bytes.js';
import { gcShare, heapShare } from '../runner/run/memory-fold.js';

// When a Spark application's memory needs a change before it hurts, in the spirit of Dr. Elephant's
// "Executor GC" and "JVM used memory" heuristics.

/** GC time above this share of the task time: the JVM spends its time collecting, not working. */
export const GC_SHARE_LIMIT = 0.1;
/** A heap peak above this share of its max: the next bigger range or partition runs out of memory. */
export const HEAP_SHARE_LIMIT = 0.9;
/** Less task time than this says little of GC (the first tasks load classes and warm up). */
export const MIN_TASK_TIME_FOR_GC_MS = 60_000;

export interface MemoryAdviceContext {
  /** The process is one chunk of a chunked stage (so the advice is smaller chunks, not chunking). */
  chunked: boolean;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const rounded = (share: number) => Math.round(share * 1000) / 1000;

function smallerRange(context: MemoryAdviceContext): string {
  return context.chunked ? 'use smaller chunks (e.g. --chunk week)' : 'split the range with --chunk month';
}

/** The warnings these figures call for, at most one of each kind; [] when all is well. */
export function memoryWarnings(memory: SparkMemory, context: MemoryAdviceContext): SparkMemoryWarning[] {
  const warnings: SparkMemoryWarning[] = [];
  const gc = gcShare(memory);
  if (gc !== null && gc > GC_SHARE_LIMIT && memory.taskTimeMs >= MIN_TASK_TIME_FOR_GC_MS) {
    const knob = memory.driverOnly ? 'spark.driver.memory' : 'spark.executor.memory';
    warnings.push({ kind: 'gc', share: rounded(gc), message: `GC ${percent(gc)} of task time: ${smallerRange(context)}, or raise ${knob}` });
  }
  const heap = heapShare(memory);
  if (heap !== null && heap > HEAP_SHARE_LIMIT && memory.heap) {
    const driver = memory.heap.executor === 'driver';
    const knob = driver ? 'spark.driver.memory' : 'spark.executor.memory';
    const where = driver ? 'driver' : `executor ${memory.heap.executor}`;
    warnings.push({
      kind: 'heap',
      share: rounded(heap),
      message: `heap peaked at ${percent(heap)} of its ${formatBytes(memory.heap.maxBytes)} (${where}): ${smallerRange(context)}, or raise ${knob}`,
    });
  }
  return warnings;
}
