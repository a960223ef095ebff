import { z } from 'zod';
import type { SparkMemory } from '../runner/run/run-types.js';
import { applicationsSchema, fetchJson, getChecked, type FetchJson } from './rest-client.js';

// The memory side of a driver's REST API (https://spark.apache.org/docs/3.5.7/monitoring.html#executor-metrics):
// what the UI's Executors tab shows, and the spill of the stages. Checked on arrival like the rest.
const executorSchema = z.looseObject({
  id: z.string(),
  totalDuration: z.number(),
  totalGCTime: z.number(),
  /** Spark's unified memory (execution and storage), on and off heap; not the heap. */
  maxMemory: z.number(),
  memoryMetrics: z.looseObject({ totalOnHeapStorageMemory: z.number() }).optional(),
  /** From the executors' heartbeats (every spark.executor.heartbeatInterval, 10 s): absent before the first. */
  peakMemoryMetrics: z.looseObject({ JVMHeapMemory: z.number() }).optional(),
});
const executorsSchema = z.array(executorSchema);
const stagesSchema = z.array(z.looseObject({ memoryBytesSpilled: z.number(), diskBytesSpilled: z.number() }));
const environmentSchema = z.looseObject({ sparkProperties: z.array(z.array(z.string())) });
type ExecutorJson = z.infer<typeof executorSchema>;

/** Spark's defaults: the heap it keeps for itself, and the share of the rest that is its unified memory. */
const MIB = 1024 * 1024;
export const RESERVED_HEAP_BYTES = 300 * MIB;
export const DEFAULT_MEMORY_FRACTION = 0.6;

/**
 * The heap size (the JVM's max heap) an executor reports only through its unified memory: Spark's
 * UnifiedMemoryManager makes that (heap − 300 MiB) × spark.memory.fraction, so the heap is its inverse.
 */
export function heapMaxBytes(executor: ExecutorJson, memoryFraction: number): number {
  const unified = executor.memoryMetrics?.totalOnHeapStorageMemory ?? executor.maxMemory;
  // Spark truncated the product to whole bytes, so a byte or two of heap is unknown; the JVM's max heap is
  // mostly a whole number of MiB (-Xmx), so that is the pick when it is one of them.
  const lowest = Math.ceil(unified / memoryFraction - 1e-6) + RESERVED_HEAP_BYTES;
  const highest = Math.ceil((unified + 1) / memoryFraction - 1e-6) - 1 + RESERVED_HEAP_BYTES;
  const wholeMiB = Math.floor(highest / MIB) * MIB;
  return wholeMiB >= lowest ? wholeMiB : lowest;
}

/** `spark.memory.fraction` as the application runs with it (its Environment tab), or Spark's default. */
export function memoryFractionOf(sparkProperties: readonly (readonly string[])[]): number {
  const value = Number(sparkProperties.find(([key]) => key === 'spark.memory.fraction')?.[1]);
  return value > 0 && value <= 1 ? value : DEFAULT_MEMORY_FRACTION;
}

/**
 * One application's memory so far from its executors (every one it had, the driver too: in local mode the
 * driver is the only one, elsewhere it runs no tasks but has a heap of its own) and its stages.
 */
export function summarizeMemory(executors: readonly ExecutorJson[], stages: z.infer<typeof stagesSchema>, memoryFraction = DEFAULT_MEMORY_FRACTION): SparkMemory {
  let heap: SparkMemory['heap'];
  for (const executor of executors) {
    const peakBytes = executor.peakMemoryMetrics?.JVMHeapMemory ?? 0;
    if (peakBytes <= 0) continue;
    const maxBytes = heapMaxBytes(executor, memoryFraction);
    if (!heap || peakBytes / maxBytes > heap.peakBytes / heap.maxBytes) heap = { peakBytes, maxBytes, executor: executor.id };
  }
  const driverOnly = executors.length > 0 && executors.every((executor) => executor.id === 'driver');
  return {
    ...(heap ? { heap } : {}),
    ...(driverOnly ? { driverOnly } : {}),
    gcTimeMs: executors.reduce((sum, executor) => sum + executor.totalGCTime, 0),
    taskTimeMs: executors.reduce((sum, executor) => sum + executor.totalDuration, 0),
    memorySpilledBytes: stages.reduce((sum, stage) => sum + stage.memoryBytesSpilled, 0),
    diskSpilledBytes: stages.reduce((sum, stage) => sum + stage.diskBytesSpilled, 0),
  };
}

/**
 * Polls one driver's memory figures. Remembers each application's memory fraction (asked once, from its
 * environment; Spark's default until that answers). `/allexecutors` rather than `/executors`: an executor
 * that died (of memory, often) still counts. `/stages` lists every stage the UI retains
 * (spark.ui.retainedStages, 1000), so the spill is the application's so far.
 */
export class SparkMemoryReader {
  private readonly fractions = new Map<string, number>();

  constructor(private readonly get: FetchJson = fetchJson) {}

  async read(uiUrl: string, timeoutMs: number): Promise<SparkMemory | undefined> {
    const api = `${uiUrl}/api/v1/applications`;
    const appId = (await getChecked(this.get, api, timeoutMs, applicationsSchema))[0]?.id;
    if (!appId) return undefined;
    const base = `${api}/${encodeURIComponent(appId)}`;
    const [executors, stages, fraction] = await Promise.all([
      getChecked(this.get, `${base}/allexecutors`, timeoutMs, executorsSchema),
      getChecked(this.get, `${base}/stages`, timeoutMs, stagesSchema),
      this.memoryFraction(appId, base, timeoutMs),
    ]);
    return summarizeMemory(executors, stages, fraction);
  }

  private async memoryFraction(appId: string, base: string, timeoutMs: number): Promise<number> {
    const known = this.fractions.get(appId);
    if (known !== undefined) return known;
    try {
      const environment = await getChecked(this.get, `${base}/environment`, timeoutMs, environmentSchema);
      const fraction = memoryFractionOf(environment.sparkProperties);
      this.fractions.clear(); // one application per driver: keep one
      this.fractions.set(appId, fraction);
      return fraction;
    } catch {
      return DEFAULT_MEMORY_FRACTION;
    }
  }
}
