import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { listRuns, readRunRecord } from '../../src/runner/folder/run-folder.js';
import { judgeRun, readHostInfo } from '../../src/lifecycle/host-info.js';
import { processesOfRun } from '../../src/lifecycle/process-sweep.js';
import { cleanUpHostsAfterEach, launchFakeHost, waitUntil } from '../daemon/host-harness.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { calledNames } from './harness.js';
import { textSink } from '../fixtures/text-sink.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();

describe('kill -9 of the runner host, then resume', () => {
  it('shows the run as interrupted, stops what it left running, and finishes the rest, each succeeded stage run once', async () => {
    const runsDir = tempDir();
    const run = await launchFakeHost(runsDir, { behaviour: 'silver=slow:60000+grandchildren+ignore-term' });
    await waitUntil(() => fs.existsSync(run.files.pids), 15_000, 'silver and its grandchildren');
    const silverGroup = fs.readFileSync(run.files.pids, 'utf8').trim().split('\n').map(Number);

    process.kill(run.host.pid, 'SIGKILL');
    await waitUntil(() => !isProcessAlive(run.host.pid), 5_000, 'the host to die');
    const interrupted = readRunRecord(run.runDir);
    expect(interrupted.status).toBe('running');
    expect(await judgeRun(run.runDir, interrupted)).toMatchObject({ state: 'interrupted' });
    expect(processesOfRun(run.plan.runId).length).toBeGreaterThan(0); // orphaned, still running
    const attachErr = textSink();
    expect(await attachCommand([run.plan.runId, '--runs-dir', runsDir], { out: textSink().stream, err: attachErr.stream })).toBe(1);
    expect(attachErr.text()).toContain(`Run ${run.plan.runId} was interrupted: its runner (pid ${run.host.pid}) is gone. Resume it: backfill resume ${run.plan.runId}`);
    // The socket the killed host left behind: connect is refused, so attach says so and removes it.
    expect(attachErr.text()).toContain(`its control socket ${run.host.socketPath} did not answer (its runner is dead); removed it.`);
    expect(fs.existsSync(run.host.socketPath)).toBe(false);

    const out = textSink();
    const err = textSink();
    const code = await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless'], {
      out: out.stream,
      err: err.stream,
      env: { ...run.env, FAKE_SPARK_BEHAVIOUR: '' },
    });

    expect(code).toBe(0);
    expect(err.text()).toContain(`run ${run.plan.runId} was interrupted (pid ${run.host.pid} is gone); stopped`);
    expect(processesOfRun(run.plan.runId)).toEqual([]);
    expect(silverGroup.filter((pid) => isProcessAlive(pid))).toEqual([]);

    const [resumed] = listRuns(runsDir);
    expect(resumed!.id).not.toBe(run.plan.runId);
    expect(readHostInfo(resumed!.dir)?.resumedFrom).toBe(run.plan.runId);
    expect(resumed!.record.status).toBe('succeeded');
    expect(resumed!.record.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const stages = calledNames(run.files.calls).map((name) => name.split('-').at(-1));
    // silver's first attempt died with its host; bronze and gold, which succeeded, ran once in all.
    expect(stages).toEqual(['bronze', 'silver', 'silver', 'gold']);
  });

  it('refuses to resume a run that is still going, and names attach', async () => {
    const runsDir = tempDir();
    const run = await launchFakeHost(runsDir, { behaviour: 'bronze=slow:60000' });
    const err = textSink();
    const code = await resumeCommand([run.plan.runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: err.stream });
    expect(code).toBe(2);
    expect(err.text()).toContain(`backfill attach ${run.plan.runId}`);
    process.kill(run.host.pid, 'SIGTERM'); // aborts the run; the host then exits
    await waitUntil(() => !isProcessAlive(run.host.pid), 10_000, 'the host to exit');
  });
});
