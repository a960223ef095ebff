import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attach, cleanUpHostsAfterEach, launchFakeHost, waitUntil } from '../daemon/host-harness.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { eventsOfType, PROJECT_ROOT } from './harness.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();
const VITE_NODE = path.join(PROJECT_ROOT, 'node_modules', 'vite-node', 'vite-node.mjs');
const CLI_SOURCE = path.join(PROJECT_ROOT, 'cli.tsx');

describe('a client that loses its terminal', () => {
  it('leaves on SIGHUP while the run goes on, and a later attach shows the run as it stands', async () => {
    const runsDir = tempDir();
    const run = await launchFakeHost(runsDir, { behaviour: 'bronze=slow:8000' });

    // `backfill attach` without a terminal prints the run's events as plain lines.
    const client = spawn(process.execPath, [VITE_NODE, CLI_SOURCE, 'attach', '--runs-dir', runsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    client.stdout.on('data', (chunk) => (printed += String(chunk)));
    const exited = new Promise<number | null>((resolve) => client.once('exit', (code) => resolve(code)));
    await waitUntil(() => printed.includes('bronze'), 15_000, 'the client to show bronze');

    client.kill('SIGHUP');
    await exited;
    expect(isProcessAlive(run.host.pid)).toBe(true);

    const later = await attach(run.host.socketPath);
    const snapshot = later.controller.snapshot;
    expect(snapshot.record.id).toBe(run.plan.runId);
    expect(snapshot.record.stages[0]!.status).toBe('running');
    expect(snapshot.logTails.bronze!.join('\n')).toContain('Running Spark version');
    expect(later.events.map((event) => event.type)).toContain('run-started');

    await waitUntil(() => later.events.some((event) => event.type === 'run-finished'), 20_000, 'the run to finish');
    expect(eventsOfType(later.events, 'run-finished')[0]!.status).toBe('succeeded');
    later.controller.close();
  });
});
