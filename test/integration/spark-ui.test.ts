import { describe, expect, it } from 'vitest';
import { readEvents, readRunRecord } from '../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { eventsOfType, fakeRun } from './harness.js';

const tempDir = useTempDirs();

describe('Spark UI progress', () => {
  it('polls each chunk driver on its own port while it lives, and journals the app info', async () => {
    const run = fakeRun(tempDir(), {
      behaviour: 'bronze=spark-ui+slow:1200',
      params: { startDate: '2024-01-01', endDate: '2024-02-29', chunk: 'month', parallel: 2, stages: ['bronze'] },
      runner: { sparkUi: { intervalMs: 100, timeoutMs: 500 } },
    });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');

    const polls = eventsOfType(run.events, 'spark-ui');
    const urlOf = (chunk: string) => record.stages[0]!.chunks!.find((c) => c.id === chunk)!.spark!.uiUrl!;
    expect(urlOf('2024-01')).not.toBe(urlOf('2024-02'));
    for (const chunk of ['2024-01', '2024-02']) {
      const mine = polls.filter((poll) => poll.chunk === chunk);
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((poll) => poll.url))).toEqual(new Set([urlOf(chunk)]));
      expect(mine[0]).toMatchObject({ stage: 'bronze', totalTasks: 200, executors: 2, failedTasks: 1 });
      // nothing once the chunk's process is gone
      const finished = run.events.findIndex((event) => event.type === 'chunk-finished' && event.chunk === chunk);
      expect(run.events.slice(finished).filter((event) => event.type === 'spark-ui' && event.chunk === chunk)).toEqual([]);
    }
  });

  it('falls back silently when the UI does not answer', async () => {
    // the default fake names port 4040 but serves nothing; the poll is pointed at a closed port by a fetch stub
    const run = fakeRun(tempDir(), {
      params: { stages: ['bronze'] },
      runner: { sparkUi: { intervalMs: 20, fetch: () => Promise.reject(new Error('ECONNREFUSED')) } },
    });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');
    expect(eventsOfType(run.events, 'spark-app')).toMatchObject([{ stage: 'bronze', app: { uiUrl: 'http://127.0.0.1:4040' } }]);
    expect(eventsOfType(run.events, 'spark-ui')).toEqual([]);
    expect(eventsOfType(run.events, 'spark-progress').length).toBeGreaterThan(0);
  });

  it("polls each chunk driver's memory, warns once of a chunk's pressure, and records both in run.json", async () => {
    const run = fakeRun(tempDir(), {
      behaviour: 'bronze=spark-ui+slow:1200,bronze-2024-02=memory-pressure',
      params: { startDate: '2024-01-01', endDate: '2024-02-29', chunk: 'month', parallel: 2, stages: ['bronze'] },
      runner: { sparkUi: { intervalMs: 100, memoryIntervalMs: 100, timeoutMs: 500 } },
    });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');

    const polls = eventsOfType(run.events, 'spark-memory');
    for (const chunk of ['2024-01', '2024-02']) expect(polls.filter((poll) => poll.chunk === chunk).length).toBeGreaterThan(1);
    const GiB = 1024 ** 3;
    expect(polls.find((poll) => poll.chunk === '2024-01')!.memory).toMatchObject({ heap: { maxBytes: GiB, executor: 'driver' }, driverOnly: true, diskSpilledBytes: 16 * 1024 ** 2 });
    // the pressured chunk's heap (95%) at once, its GC (25%) after a minute of task time: each once, however many polls said so
    const warnings = eventsOfType(run.events, 'spark-memory-warning');
    expect(warnings.map((event) => [event.chunk, event.warning.kind])).toEqual([
      ['2024-02', 'heap'],
      ['2024-02', 'gc'],
    ]);
    expect(warnings[1]!.warning.message).toBe('GC 25% of task time: use smaller chunks (e.g. --chunk week), or raise spark.driver.memory');

    const onDisk = readRunRecord(run.runDir);
    const [january, february] = onDisk.stages[0]!.chunks!;
    expect(january!.memory?.heap).toMatchObject({ peakBytes: Math.round(0.4 * GiB), maxBytes: GiB });
    expect(january!.memoryWarnings).toBeUndefined();
    expect(february!.memoryWarnings?.map((warning) => warning.kind)).toEqual(['heap', 'gc']);
    expect(onDisk.stages[0]!.memory?.heap?.peakBytes).toBe(Math.round(0.95 * GiB));
    expect(readEvents(run.runDir).filter((event) => event.type === 'spark-memory-warning')).toHaveLength(2);
  });
});
