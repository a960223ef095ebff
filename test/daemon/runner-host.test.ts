import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { readHostInfo } from '../../src/lifecycle/host-info.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { calledNames, eventsOfType } from '../integration/harness.js';
import { attach, cleanUpHostsAfterEach, launchFakeHost, waitUntil } from './host-harness.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();

describe('the detached runner host', () => {
  it('serves two clients at once, each a snapshot then live events, and exits once the run is over and they left', async () => {
    const run = await launchFakeHost(tempDir(), { behaviour: 'bronze=slow:1500' });
    expect(fs.statSync(run.host.runDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(run.host.socketPath).mode & 0o777).toBe(0o600);

    const first = await attach(run.host.socketPath);
    await waitUntil(() => first.events.some((event) => event.type === 'stage-progress'), 15_000, 'bronze progress');
    const second = await attach(run.host.socketPath);
    expect(second.events[0]).toMatchObject({ type: 'run-started', runId: run.plan.runId });
    expect(second.controller.snapshot.record.stages[0]!.status).toBe('running');
    expect(second.controller.snapshot.logTails.bronze!.join('\n')).toContain('Running Spark version');

    await waitUntil(() => [first, second].every((client) => client.events.some((event) => event.type === 'run-finished')));
    for (const client of [first, second]) {
      expect(eventsOfType(client.events, 'run-finished')[0]!.status).toBe('succeeded');
      expect(eventsOfType(client.events, 'stage-finished').map((event) => event.stage)).toEqual(['bronze', 'silver', 'gold']);
    }
    expect(readHostInfo(run.host.runDir)).toMatchObject({ pid: run.host.pid, mode: 'detached' });
    expect(isProcessAlive(run.host.pid)).toBe(true); // a client is attached: the host stays

    first.controller.close();
    second.controller.close();
    await waitUntil(() => !isProcessAlive(run.host.pid), 10_000, 'the host to exit');
    expect(fs.existsSync(run.host.socketPath)).toBe(false);
    expect(readRunRecord(run.host.runDir).status).toBe('succeeded');
    expect(calledNames(run.files.calls)).toHaveLength(3);
  });

  it('takes commands from a client: abort stops the run', async () => {
    const run = await launchFakeHost(tempDir(), { behaviour: 'bronze=slow:60000' });
    const client = await attach(run.host.socketPath);
    expect(client.controller.snapshot.record.stages[0]!.status).toBe('running');
    client.controller.send({ type: 'abort' });
    await waitUntil(() => client.events.some((event) => event.type === 'run-finished'));
    expect(eventsOfType(client.events, 'run-finished')[0]!.status).toBe('aborted');
    client.controller.close();
    await waitUntil(() => !isProcessAlive(run.host.pid), 10_000, 'the host to exit');
    expect(fs.readFileSync(path.join(run.host.runDir, 'host.log'), 'utf8')).toMatch(/aborted; host exits/);
  });
});
