import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { isProcessAlive, liveProcessesOfGroup } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { eventsOfType, fakeRun } from './harness.js';

const tempDir = useTempDirs();

/** Starts a run whose bronze stage spawns grandchildren, and aborts it once they are running. */
async function abortOnceGrandchildrenRun(behaviour: string) {
  const run = fakeRun(tempDir(), { behaviour, params: { graceSeconds: 1 } });
  run.runner.subscribe((event) => {
    if (event.type === 'stage-output' && event.lines.some((line) => line.startsWith('started grandchildren'))) {
      run.runner.send({ type: 'abort' });
    }
  });
  const record = await run.runner.start();
  const leader = eventsOfType(run.events, 'stage-started')[0]!.pid!;
  const grandchildren = fs.readFileSync(run.files.pids, 'utf8').trim().split('\n').map(Number);
  return { run, record, leader, grandchildren };
}

describe('abort', () => {
  it('kills a stage that ignores SIGTERM, and its grandchildren, after the grace period', async () => {
    const { run, record, leader, grandchildren } = await abortOnceGrandchildrenRun('bronze=ignore-term+grandchildren');

    expect(record.status).toBe('aborted');
    expect(record.stages.map((stage) => stage.status)).toEqual(['aborted', 'pending', 'pending']);
    expect(record.stages[0]?.signal).toBe('SIGKILL');
    expect(eventsOfType(run.events, 'stage-stopping').map((event) => [event.reason, event.signal])).toEqual([
      ['abort', 'SIGTERM'],
      ['abort', 'SIGKILL'],
    ]);
    expect(grandchildren).toHaveLength(2);
    expect(grandchildren.filter((pid) => isProcessAlive(pid))).toEqual([]);
    expect(liveProcessesOfGroup(leader)).toEqual([]);
    expect(readRunRecord(run.runDir).status).toBe('aborted');
  });

  it('kills grandchildren that ignore SIGTERM after their leader has already exited', async () => {
    const { run, record, leader, grandchildren } = await abortOnceGrandchildrenRun('bronze=slow:60000+grandchildren');

    expect(record.status).toBe('aborted');
    expect(record.stages[0]?.signal).toBe('SIGTERM');
    expect(eventsOfType(run.events, 'stage-stopping').map((event) => event.signal)).toEqual(['SIGTERM', 'SIGKILL']);
    expect(grandchildren.filter((pid) => isProcessAlive(pid))).toEqual([]);
    expect(liveProcessesOfGroup(leader)).toEqual([]);
  });

  it('needs no SIGKILL when the whole group obeys SIGTERM', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'bronze=slow:60000', params: { graceSeconds: 30 } });
    run.runner.subscribe((event) => {
      if (event.type === 'stage-started') run.runner.send({ type: 'abort' });
    });
    const record = await run.runner.start();
    expect(record.status).toBe('aborted');
    expect(eventsOfType(run.events, 'stage-stopping').map((event) => event.signal)).toEqual(['SIGTERM']);
  });
});
