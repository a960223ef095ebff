import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesOfRun } from '../../src/lifecycle/process-sweep.js';
import { attach, cleanUpHostsAfterEach, launchFakeHost, waitUntil } from '../daemon/host-harness.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { eventsOfType } from './harness.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();
const ESCAPING_SUBMIT = path.resolve(import.meta.dirname, '..', 'daemon', 'fixtures', 'escaping-submit.mjs');

describe('abort in a detached run', () => {
  it('leaves no process of the run alive, not even one that left the stage group with setsid', async () => {
    const runsDir = tempDir();
    const escapees = path.join(runsDir, 'escapees.pids');
    const run = await launchFakeHost(runsDir, {
      params: { sparkSubmit: [ESCAPING_SUBMIT], graceSeconds: 1 },
      env: { ESCAPEE_PIDS_FILE: escapees },
    });
    const client = await attach(run.host.socketPath);
    await waitUntil(() => fs.existsSync(escapees), 15_000, 'the escapee');
    const [escapee] = fs.readFileSync(escapees, 'utf8').trim().split('\n').map(Number);
    expect(isProcessAlive(escapee!)).toBe(true);

    client.controller.send({ type: 'abort' });
    await waitUntil(() => client.events.some((event) => event.type === 'run-finished'), 15_000, 'run-finished');
    expect(eventsOfType(client.events, 'stage-stopping').map((event) => event.signal)).toEqual(['SIGTERM', 'SIGKILL']);
    client.controller.close();
    await waitUntil(() => !isProcessAlive(run.host.pid), 15_000, 'the host to exit');

    expect(isProcessAlive(escapee!)).toBe(false);
    expect(processesOfRun(run.plan.runId)).toEqual([]);
  });
});
