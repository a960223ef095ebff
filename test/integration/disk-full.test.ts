import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { runState } from '../../src/lifecycle/host-info.js';
import { processesOfRun } from '../../src/lifecycle/process-sweep.js';
import { attach, cleanUpHostsAfterEach, launchFakeHost, waitUntil } from '../daemon/host-harness.js';
import { cliArgv, PROJECT_ROOT } from '../fixtures/cli-process.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { textSink } from '../fixtures/text-sink.js';
import { mountTmpfs } from '../fixtures/tmpfs.js';

cleanUpHostsAfterEach();
const mounts: Array<{ unmount(): void }> = [];
afterEach(() => {
  for (const mount of mounts.splice(0)) mount.unmount();
});

/** A runs dir on a 512 KB tmpfs: a stage printing 40,000 lines fills it. */
function smallDisk() {
  const mount = mountTmpfs(512);
  if (mount) mounts.push(mount);
  return mount;
}

const FLOOD = 'bronze=flood:40000+slow:3000';
// The stage's log fills the disk, but which of the run's files asks for the last free block first (the log, the
// journal, run.json) is a matter of timing: any of them is named.
const RUN_FILE = String.raw`(logs/bronze\.log|events\.ndjson|run\.json)`;

describe('a full disk under the runs dir', () => {
  it('headless: says "no space left", stops the stage, exits 1, and the run resumes once there is space', async ({ skip }) => {
    const disk = smallDisk();
    if (!disk) return skip('mounting a tmpfs needs root');
    const runsDir = path.join(disk.dir, 'runs');
    const [node, ...args] = cliArgv(['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--spark-submit', FAKE_SPARK_SUBMIT, '--runs-dir', runsDir, '--grace', '1', '--headless']);
    const child = spawn(node!, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FAKE_SPARK_BEHAVIOUR: FLOOD } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));

    expect(output).toMatch(new RegExp(`backfill: no space left on the device of .*/${RUN_FILE}; stopping the run`));
    expect(output).not.toMatch(/ENOSPC: |\n\s+at /);
    expect(code).toBe(1);
    const [runId] = fs.readdirSync(runsDir);
    const runDir = path.join(runsDir, runId!);
    expect(processesOfRun(runId!)).toEqual([]);
    expect(['failed', 'interrupted']).toContain(await runState(runDir, readRunRecord(runDir)));

    disk.resize(64 * 1024);
    const err = textSink();
    const resumed = await resumeCommand([runId!, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: err.stream, env: { FAKE_SPARK_BEHAVIOUR: '' } });
    expect(err.text()).toContain(`resuming run ${runId}`);
    expect(resumed).toBe(0);
  });

  it('detached: the host stays up, tells its clients, records a failed run and exits by itself', async ({ skip }) => {
    const disk = smallDisk();
    if (!disk) return skip('mounting a tmpfs needs root');
    const run = await launchFakeHost(path.join(disk.dir, 'runs'), { behaviour: FLOOD });
    const client = await attach(run.host.socketPath);
    await waitUntil(() => client.events.some((event) => event.type === 'run-finished'), 30_000, 'the run to finish');
    const storage = client.events.find((event) => event.type === 'storage-error');
    expect(storage).toMatchObject({ message: expect.stringMatching(new RegExp(`^no space left on the device of .*/${RUN_FILE}$`)) });
    expect(client.events.find((event) => event.type === 'run-finished')).toMatchObject({ status: 'failed' });
    client.controller.close();
    await waitUntil(() => !isProcessAlive(run.host.pid), 10_000, 'the host to exit');
    expect(processesOfRun(run.plan.runId)).toEqual([]);
  });
});
