import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type Invocation } from '../../src/cli/main.js';
import { RunNotStartedError, startDetachedRun } from '../../src/daemon/start-detached-run.js';
import { processesOfRun } from '../../src/lifecycle/process-sweep.js';
import { acquireWarehouseLock, lockFileFor, resolvedWarehouse } from '../../src/lifecycle/warehouse-lock.js';
import { attach, cleanUpHostsAfterEach, launchFakeHost, TEST_HOST_ARGV, waitUntil } from '../daemon/host-harness.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { fakeSetup, PROJECT_ROOT } from './harness.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();
let stderr: string;

beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

function headless(runsDir: string, warehouse: string): Invocation {
  return {
    options: { startDate: '2024-01-01', endDate: '2024-01-02', sparkSubmit: FAKE_SPARK_SUBMIT, runsDir, warehouse, grace: 1 },
    headless: true,
    json: true,
    dryRun: false,
    yes: false,
  };
}

describe('one writer per warehouse', () => {
  it('stops a second backfill on the same warehouse with exit 2, naming the live run and how to attach', async () => {
    const runsDir = tempDir();
    const warehouse = path.join(runsDir, 'warehouse');
    const setup = fakeSetup(runsDir, { params: { warehouse } });
    const taken = await acquireWarehouseLock(resolvedWarehouse(setup.plan.params), setup.plan.runId);
    if (!taken.ok) throw new Error(taken.message);
    const first = await launchFakeHost(runsDir, { behaviour: 'bronze=slow:60000', params: { warehouse }, lock: taken.lock, plan: setup.plan });
    try {
      // The first run's lock, taken by this process as launcher, now names the host.
      const lock = JSON.parse(fs.readFileSync(lockFileFor(resolvedWarehouse({ warehouse, projectRoot: PROJECT_ROOT })), 'utf8'));
      expect(lock).toMatchObject({ runId: first.plan.runId, pid: first.host.pid });

      // The same warehouse written differently (relative, trailing slash) is the same warehouse.
      const relative = `${path.relative(process.cwd(), warehouse)}/`;
      expect(await main(headless(runsDir, relative))).toBe(2);
      expect(stderr).toContain(`run ${first.plan.runId} is writing to`);
      expect(stderr).toContain(`backfill attach ${first.plan.runId}`);

      const second = fakeSetup(runsDir, { params: { warehouse } });
      await expect(startDetachedRun(second.plan, { hostArgv: TEST_HOST_ARGV })).rejects.toThrow(RunNotStartedError);
      expect(fs.existsSync(second.runDir)).toBe(false); // nothing started
    } finally {
      process.kill(first.host.pid, 'SIGTERM');
      await waitUntil(() => !isProcessAlive(first.host.pid), 10_000, 'the first host to exit');
    }
    // Once the first run is over its lock is gone, and another run may write.
    expect(await main(headless(runsDir, warehouse))).toBe(0);
  });

  it('lets runs on different warehouses go at once', async () => {
    const runsDir = tempDir();
    const first = await launchFakeHost(runsDir, { behaviour: 'bronze=slow:60000', params: { warehouse: path.join(runsDir, 'a') } });
    try {
      expect(await main(headless(runsDir, path.join(runsDir, 'b')))).toBe(0);
    } finally {
      process.kill(first.host.pid, 'SIGTERM');
      await waitUntil(() => !isProcessAlive(first.host.pid), 10_000, 'the host to exit');
    }
  });

  it('takes over a stale lock, one whose runner is dead, with a message', async () => {
    const runsDir = tempDir();
    const warehouse = path.join(runsDir, 'warehouse');
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    const lockFile = lockFileFor(resolvedWarehouse({ warehouse, projectRoot: PROJECT_ROOT }));
    fs.writeFileSync(lockFile, JSON.stringify({ runId: '20261124-000000-dead', pid: Number(dead), warehouse, since: '2026-11-24T00:00:00Z' }));

    // A stage the dead run left behind, still writing to the warehouse.
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: { ...process.env, BACKFILL_RUN_ID: '20261124-000000-dead', BACKFILL_STAGE: 'silver' },
      stdio: 'ignore',
    });
    await waitUntil(() => processesOfRun('20261124-000000-dead').length === 1, 5_000, 'the leftover stage');

    expect(await main(headless(runsDir, warehouse))).toBe(0);
    expect(stderr).toContain(`took over the warehouse lock of run 20261124-000000-dead (pid ${dead} is gone). Stopped 1 process(es)`);
    expect(isProcessAlive(leftover.pid!)).toBe(false);
    expect(fs.existsSync(lockFile)).toBe(false); // released when the run ended
  });

  it('is one lock per warehouse across runs dirs and spellings (warehouse/, /abs/warehouse, file:///abs/warehouse/)', async () => {
    const base = tempDir();
    const warehouse = path.join(base, 'warehouse');
    const setup = fakeSetup(path.join(base, 'runs-a'), { params: { warehouse: `${path.relative(process.cwd(), warehouse)}/` } });
    const taken = await acquireWarehouseLock(resolvedWarehouse(setup.plan.params), setup.plan.runId);
    if (!taken.ok) throw new Error(taken.message);
    const first = await launchFakeHost(path.join(base, 'runs-a'), { behaviour: 'bronze=slow:60000', lock: taken.lock, plan: setup.plan });
    try {
      expect(await main(headless(path.join(base, 'runs-b'), `file://${warehouse}/`))).toBe(2);
      expect(stderr).toContain(`run ${first.plan.runId} is writing to file://${fs.realpathSync(base)}/warehouse`);
      expect(fs.existsSync(path.join(base, 'runs-b'))).toBe(false);
    } finally {
      process.kill(first.host.pid, 'SIGTERM');
      await waitUntil(() => !isProcessAlive(first.host.pid), 10_000, 'the first host to exit');
    }
  });

  it('belongs to the running work: a finished run whose screen is still open does not block the next run', async () => {
    const runsDir = tempDir();
    const warehouse = path.join(runsDir, 'warehouse');
    const setup = fakeSetup(runsDir, { params: { warehouse } });
    const taken = await acquireWarehouseLock(resolvedWarehouse(setup.plan.params), setup.plan.runId);
    if (!taken.ok) throw new Error(taken.message);
    const first = await launchFakeHost(runsDir, { params: { warehouse }, lock: taken.lock, plan: setup.plan, lingerMs: 60_000 });
    const viewer = await attach(first.host.socketPath);
    await waitUntil(() => viewer.events.some((event) => event.type === 'run-finished'), 20_000, 'the first run to finish');
    await waitUntil(() => !fs.existsSync(taken.lock.file), 10_000, 'the lock to be released');
    expect(isProcessAlive(first.host.pid)).toBe(true); // still serving its viewer
    expect(fs.existsSync(path.join(warehouse, '.backfill-lock.json'))).toBe(false);
    expect(await main(headless(runsDir, warehouse))).toBe(0);
    viewer.controller.close();
  });
});
