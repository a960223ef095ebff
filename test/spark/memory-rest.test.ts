import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_FRACTION, heapMaxBytes, memoryFractionOf, SparkMemoryReader, summarizeMemory } from '../../src/spark/memory-rest.js';
import type { FetchJson } from '../../src/spark/rest-client.js';

// Answers of Spark 3.5's REST API: local-* recorded from a local[2] driver with --driver-memory 512m while it
// ran; yarn-* the same shape for a driver and two 4g executors, one of them killed by YARN.
const recorded = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/spark-rest/${name}.json`, import.meta.url), 'utf8'));
type Executors = Parameters<typeof summarizeMemory>[0];
type Stages = Parameters<typeof summarizeMemory>[1];

const MiB = 1024 ** 2;
const api = 'http://127.0.0.1:4040/api/v1/applications';

function answers(byUrl: Record<string, unknown>, asked: string[] = []): FetchJson {
  return (url) => {
    asked.push(url);
    return url in byUrl ? Promise.resolve(byUrl[url]) : Promise.reject(new Error(`${url}: HTTP 404`));
  };
}

describe('summarizeMemory', () => {
  it('local mode: the driver is the only executor; its heap max is what --driver-memory gave the JVM', () => {
    const memory = summarizeMemory(recorded('local-allexecutors') as Executors, recorded('local-stages') as Stages);
    expect(memory).toEqual({
      heap: { peakBytes: 109_722_400, maxBytes: 512 * MiB, executor: 'driver' },
      driverOnly: true,
      gcTimeMs: 770,
      taskTimeMs: 50_589,
      memorySpilledBytes: 0,
      diskSpilledBytes: 0,
    });
  });

  it('on a cluster: the executor closest to its heap max (a dead one too), GC and task time of all, spill of every stage', () => {
    const stages = [
      { status: 'COMPLETE', memoryBytesSpilled: 3 * 1024 * MiB, diskBytesSpilled: 700 * MiB },
      { status: 'ACTIVE', memoryBytesSpilled: 1024 * MiB, diskBytesSpilled: 300 * MiB },
      { status: 'PENDING', memoryBytesSpilled: 0, diskBytesSpilled: 0 },
    ];
    const memory = summarizeMemory(recorded('yarn-allexecutors') as Executors, stages);
    expect(memory.heap).toEqual({ peakBytes: Math.trunc(3.9 * 1024 ** 3), maxBytes: 4 * 1024 * MiB, executor: '2' });
    expect(memory.driverOnly).toBeUndefined();
    expect(memory).toMatchObject({ gcTimeMs: 276_000, taskTimeMs: 2_100_000, memorySpilledBytes: 4 * 1024 * MiB, diskSpilledBytes: 1000 * MiB });
  });

  it('knows no heap before the first heartbeat, and nothing of GC before the first task', () => {
    const executor = { id: 'driver', totalDuration: 0, totalGCTime: 0, maxMemory: 100 };
    expect(summarizeMemory([executor], [])).toEqual({ driverOnly: true, gcTimeMs: 0, taskTimeMs: 0, memorySpilledBytes: 0, diskSpilledBytes: 0 });
  });
});

describe('the heap max', () => {
  it("inverts Spark's unified memory: (heap - 300 MiB) x spark.memory.fraction", () => {
    const executor = { id: '1', totalDuration: 0, totalGCTime: 0, maxMemory: 1, memoryMetrics: { totalOnHeapStorageMemory: Math.trunc((2048 - 300) * MiB * 0.8) } };
    expect(heapMaxBytes(executor, 0.8)).toBe(2048 * MiB);
    // without memoryMetrics (older Spark), maxMemory is the unified memory
    expect(heapMaxBytes({ ...executor, memoryMetrics: undefined, maxMemory: Math.trunc((1024 - 300) * MiB * 0.6) }, 0.6)).toBe(1024 * MiB);
  });

  it('takes spark.memory.fraction from the environment, else the default', () => {
    expect(memoryFractionOf([['spark.app.name', 'x'], ['spark.memory.fraction', '0.75']])).toBe(0.75);
    expect(memoryFractionOf([['spark.memory.fraction', 'lots']])).toBe(DEFAULT_MEMORY_FRACTION);
    expect(memoryFractionOf([])).toBe(DEFAULT_MEMORY_FRACTION);
  });
});

describe('SparkMemoryReader', () => {
  const unified = Math.trunc((1024 - 300) * MiB * 0.5);
  const executors = [{ id: 'driver', totalDuration: 80_000, totalGCTime: 4_000, maxMemory: unified, memoryMetrics: { totalOnHeapStorageMemory: unified }, peakMemoryMetrics: { JVMHeapMemory: 512 * MiB } }];
  const routes = {
    [api]: [{ id: 'local-1' }],
    [`${api}/local-1/allexecutors`]: executors,
    [`${api}/local-1/stages`]: [{ memoryBytesSpilled: 10, diskBytesSpilled: 4 }],
    [`${api}/local-1/environment`]: { runtime: {}, sparkProperties: [['spark.memory.fraction', '0.5']], classpathEntries: [] },
  };

  it('reads every executor, every stage and, once per application, the memory fraction', async () => {
    const asked: string[] = [];
    const reader = new SparkMemoryReader(answers(routes, asked));
    const first = await reader.read('http://127.0.0.1:4040', 100);
    await reader.read('http://127.0.0.1:4040', 100);
    expect(first).toEqual({ heap: { peakBytes: 512 * MiB, maxBytes: 1024 * MiB, executor: 'driver' }, driverOnly: true, gcTimeMs: 4_000, taskTimeMs: 80_000, memorySpilledBytes: 10, diskSpilledBytes: 4 });
    expect(asked.filter((url) => url.endsWith('/environment'))).toHaveLength(1);
    expect(asked.filter((url) => url.endsWith('/allexecutors'))).toHaveLength(2);
  });

  it("assumes Spark's default fraction while the environment does not answer", async () => {
    const { [`${api}/local-1/environment`]: _gone, ...withoutEnvironment } = routes;
    const memory = await new SparkMemoryReader(answers(withoutEnvironment)).read('http://127.0.0.1:4040', 100);
    expect(memory?.heap?.maxBytes).toBe(Math.ceil(unified / DEFAULT_MEMORY_FRACTION) + 300 * MiB);
  });

  it('reads what a live local driver answered, spark.memory.fraction=0.5 and spilling', async () => {
    const app = 'local-1796461740212';
    const reader = new SparkMemoryReader(
      answers({
        [api]: [{ id: app }],
        [`${api}/${app}/allexecutors`]: recorded('local-spill-allexecutors'),
        [`${api}/${app}/stages`]: recorded('local-spill-stages'),
        [`${api}/${app}/environment`]: recorded('local-spill-environment'),
      }),
    );
    expect(await reader.read('http://127.0.0.1:4040', 100)).toEqual({
      heap: { peakBytes: 307_990_016, maxBytes: 512 * MiB, executor: 'driver' },
      driverOnly: true,
      gcTimeMs: 3_096,
      taskTimeMs: 121_192,
      memorySpilledBytes: 1_184_881_840,
      diskSpilledBytes: 166_442_123,
    });
  });

  it("refuses, naming the address, what is not Spark's answer", async () => {
    const broken = { ...routes, [`${api}/local-1/stages`]: [{ stageId: 1 }] };
    await expect(new SparkMemoryReader(answers(broken)).read('http://127.0.0.1:4040', 100)).rejects.toThrow(`${api}/local-1/stages: not Spark's answer`);
  });
});
