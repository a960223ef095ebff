import { describe, expect, it } from 'vitest';
import type { SparkMemory, SparkMemoryWarning } from '../../src/runner/run/run-types.js';
import { SparkAppWatcher } from '../../src/spark/app-watcher.js';

const MiB = 1024 ** 2;
const UI_LINE = 'INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://127.0.0.1:4041';

/** A local driver whose GC share and heap grow with each poll of its executors. */
function pressuredDriver() {
  let polls = 0;
  const asked: string[] = [];
  const fetch = (url: string): Promise<unknown> => {
    asked.push(url);
    if (url.endsWith('/applications')) return Promise.resolve([{ id: 'local-1' }]);
    if (url.endsWith('/allexecutors')) {
      polls++;
      const unified = Math.trunc((1024 - 300) * MiB * 0.6);
      return Promise.resolve([
        {
          id: 'driver',
          totalDuration: polls * 60_000,
          totalGCTime: polls * 60_000 * (polls < 3 ? 0.05 : 0.2),
          maxMemory: unified,
          memoryMetrics: { totalOnHeapStorageMemory: unified },
          peakMemoryMetrics: { JVMHeapMemory: Math.min(1000, 300 + polls * 100) * MiB },
        },
      ]);
    }
    if (url.endsWith('/stages')) return Promise.resolve([{ memoryBytesSpilled: polls * 10, diskBytesSpilled: polls }]);
    if (url.endsWith('/environment')) return Promise.resolve({ sparkProperties: [] });
    return Promise.resolve([]); // progress: nothing running
  };
  return { fetch, asked, polls: () => polls };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the memory watch of a Spark application', () => {
  it('reports changed figures as it polls, and each kind of warning once', async () => {
    const driver = pressuredDriver();
    const figures: SparkMemory[] = [];
    const warnings: SparkMemoryWarning[] = [];
    const watcher = new SparkAppWatcher(
      { onApp: () => {}, onSnapshot: () => {}, onMemory: (memory) => figures.push(memory), onMemoryWarning: (warning) => warnings.push(warning) },
      { intervalMs: 1000, memoryIntervalMs: 5, fetch: driver.fetch },
      { chunked: true },
    );
    watcher.readLines([UI_LINE]);
    await until(() => driver.polls() >= 9);
    await watcher.stop();
    expect(figures.length).toBeGreaterThanOrEqual(8);
    expect(figures[0]).toMatchObject({ driverOnly: true, taskTimeMs: 60_000, memorySpilledBytes: 10, heap: { maxBytes: 1024 * MiB, executor: 'driver' } });
    // GC crossed 10% at the third poll, the heap 90% (1000 MiB of 1 GiB) at the seventh: each said once
    expect(warnings.map((warning) => warning.kind)).toEqual(['gc', 'heap']);
    expect(warnings[0]!.message).toBe('GC 20% of task time: use smaller chunks (e.g. --chunk week), or raise spark.driver.memory');
    expect(driver.asked).toContain('http://127.0.0.1:4041/api/v1/applications/local-1/allexecutors');
  });

  it('polls no memory when told not to', async () => {
    const asked: string[] = [];
    const figures: SparkMemory[] = [];
    const off = new SparkAppWatcher({ onApp: () => {}, onSnapshot: () => {}, onMemory: (memory) => figures.push(memory) }, {
      intervalMs: 5,
      memoryIntervalMs: false,
      fetch: (url) => (asked.push(url), Promise.reject(new Error('ECONNREFUSED'))),
    });
    off.readLines([UI_LINE]);
    await until(() => asked.length >= 5);
    await off.stop();
    expect(asked.some((url) => url.endsWith('/allexecutors'))).toBe(false);
    expect(figures).toEqual([]);
  });
});
