import { execa } from 'execa';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SparkUiSnapshot } from '../../src/runner/run/run-types.js';
import { pollSparkUi, summarize } from '../../src/spark/rest-client.js';
import { SparkUiPoller } from '../../src/spark/ui-poller.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';

const started: { kill(): boolean }[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill();
});

/** Starts the fake submit in spark-ui mode and resolves to the UI address it prints. */
async function fakeDriver(slowMs: number): Promise<{ url: string; exited: Promise<unknown> }> {
  const child = execa(process.execPath, [FAKE_SPARK_SUBMIT, '--name', 'backfill-20261124-013000-abcd-bronze'], {
    env: { FAKE_SPARK_BEHAVIOUR: `bronze=spark-ui+slow:${slowMs}` },
    reject: false,
    buffer: false,
  });
  started.push(child);
  const url = await new Promise<string>((resolve) => {
    let text = '';
    child.stderr!.on('data', (data: Buffer) => {
      text += data.toString();
      const match = /Bound SparkUI to 0\.0\.0\.0, and started at (\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
  });
  return { url, exited: child };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('pollSparkUi against the fake driver', () => {
  it('sums the running job, counts active stages, failed tasks and executors (not the driver)', async () => {
    const driver = await fakeDriver(4000);
    expect(driver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const snapshot = await pollSparkUi(driver.url, 1000);
    expect(snapshot).toMatchObject({ url: driver.url, totalTasks: 200, activeStages: 1, failedTasks: 1, executors: 2 });
    expect(snapshot?.appId).toMatch(/^app-/);
    expect(snapshot!.completedTasks % 50).toBe(0);
  });

  it('throws on a port nothing listens on (the poller treats that as "not reachable")', async () => {
    await expect(pollSparkUi(`http://127.0.0.1:${await closedPort()}`, 500)).rejects.toThrow();
  });
});

describe('SparkUiPoller', () => {
  it('reports changed snapshots while the driver lives, and nothing after stop', async () => {
    const driver = await fakeDriver(1200);
    const snapshots: SparkUiSnapshot[] = [];
    const poller = new SparkUiPoller(driver.url, (snapshot) => snapshots.push(snapshot), { intervalMs: 50, timeoutMs: 500 });
    poller.start();
    await driver.exited;
    await poller.stop();
    const count = snapshots.length;
    expect(count).toBeGreaterThan(1);
    // completed tasks only grow, and consecutive snapshots differ
    const completed = snapshots.map((snapshot) => snapshot.completedTasks);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    for (let i = 1; i < count; i++) expect(snapshots[i]).not.toEqual(snapshots[i - 1]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(snapshots).toHaveLength(count);
  });

  it('stays silent and keeps trying when the UI is unreachable', async () => {
    let calls = 0;
    const snapshots: SparkUiSnapshot[] = [];
    const poller = new SparkUiPoller('http://127.0.0.1:1', (snapshot) => snapshots.push(snapshot), {
      intervalMs: 10,
      fetch: async () => {
        calls++;
        throw new Error('ECONNREFUSED');
      },
    });
    poller.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await poller.stop();
    expect(calls).toBeGreaterThan(2);
    expect(snapshots).toEqual([]);
  });
});

describe('summarize', () => {
  it('counts the driver as the executor in local mode only', () => {
    expect(summarize('u', 'a', [], [], [{ id: 'driver' }]).executors).toBe(1);
    expect(summarize('u', 'a', [], [], [{ id: 'driver' }, { id: '1' }]).executors).toBe(1);
    expect(summarize('u', 'a', [], [], []).executors).toBe(0);
  });

  it('counts the running jobs only while one runs, and all jobs after', () => {
    const job = (status: string, numTasks: number, numCompletedTasks: number) => ({ status, numTasks, numCompletedTasks, numFailedTasks: 0 });
    expect(summarize('u', 'a', [job('RUNNING', 10, 4), job('SUCCEEDED', 5, 5)], [], [])).toMatchObject({ completedTasks: 4, totalTasks: 10 });
    expect(summarize('u', 'a', [job('SUCCEEDED', 10, 10), job('SUCCEEDED', 5, 5)], [], [])).toMatchObject({ completedTasks: 15, totalTasks: 15 });
  });
});
