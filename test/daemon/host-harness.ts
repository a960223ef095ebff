import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach } from 'vitest';
import { launchHost, type LaunchOptions } from '../../src/daemon/launch-host.js';
import { sweepRunProcesses } from '../../src/lifecycle/process-sweep.js';
import { SocketRunController } from '../../src/daemon/socket-controller.js';
import { fakeSetup, PROJECT_ROOT, type FakeRunOptions } from '../integration/harness.js';
import type { RunEvent } from '../../src/runner/run/events.js';

/** The runner host from its TypeScript source (tests run before any build). */
export const TEST_HOST_ARGV = [
  process.execPath,
  path.join(PROJECT_ROOT, 'node_modules', 'vite-node', 'vite-node.mjs'),
  path.join(PROJECT_ROOT, 'src', 'daemon', 'host-main.ts'),
];

const launched: Array<{ pid: number; runId: string }> = [];

/** After each test, ends the hosts it launched and every process of their runs, passed or failed. */
export function cleanUpHostsAfterEach(): void {
  afterEach(async () => {
    for (const { pid, runId } of launched.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await sweepRunProcesses(runId, { graceMs: 0 });
    }
  });
}

/** A fake-spark-submit run launched in a detached runner host. */
export async function launchFakeHost(runsDir: string, options: FakeRunOptions & Partial<LaunchOptions> = {}) {
  const setup = fakeSetup(runsDir, options);
  const plan = options.plan ?? setup.plan;
  const host = await launchHost({
    plan,
    env: setup.env,
    sparkUi: false,
    lingerMs: 300,
    hostArgv: TEST_HOST_ARGV,
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.resume ? { resume: options.resume } : {}),
  });
  launched.push({ pid: host.pid, runId: plan.runId });
  return { ...setup, plan, runDir: path.join(runsDir, plan.runId), host };
}

/** Connects and records every event the client hears. */
export async function attach(socketPath: string) {
  const controller = await SocketRunController.connect(socketPath);
  const events: RunEvent[] = [];
  controller.subscribe((event) => events.push(event));
  return { controller, events };
}

export async function waitUntil(condition: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}
