import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../fixtures/processes.js';
import { installFakeYarn } from '../fixtures/fake-yarn.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { eventsOfType, fakeRun } from './harness.js';

const tempDir = useTempDirs();

describe('abort of a chunked stage', () => {
  it('stops every running chunk (SIGKILL after the grace), leaves the rest pending, and kills a YARN app that outlived its submit', async () => {
    const dir = tempDir();
    const yarn = installFakeYarn(dir);
    const run = fakeRun(dir, {
      behaviour: 'bronze=slow:30000,bronze-2024-01=ignore-term,bronze-2024-02=yarn:1700000000000_0042',
      params: { startDate: '2024-01-01', endDate: '2024-04-30', chunk: 'month', parallel: 2, graceSeconds: 1 },
      env: { PATH: `${yarn.binDir}:${process.env.PATH}` },
    });
    const started = new Set<string>();
    run.runner.subscribe((event) => {
      if (event.type === 'spark-app' && event.app.appId) started.add('yarn-app');
      if (event.type === 'chunk-started') started.add(event.chunk);
      // The fake reports progress only after it has set up its SIGTERM handler: abort no earlier.
      if (event.type === 'chunk-progress' && event.chunk === '2024-01') started.add('ignoring-term');
      if (started.size === 4 && !started.has('sent')) {
        started.add('sent');
        run.runner.send({ type: 'abort' });
      }
    });
    const record = await run.runner.start();

    expect(record.status).toBe('aborted');
    expect(record.stages.map((stage) => stage.status)).toEqual(['aborted', 'pending', 'pending']);
    expect(record.stages[0]?.chunks?.map((chunk) => chunk.status)).toEqual(['aborted', 'aborted', 'pending', 'pending']);
    expect(record.stages[0]?.chunks?.[1]?.spark).toEqual({
      uiUrl: 'http://127.0.0.1:4040',
      appId: 'application_1700000000000_0042',
      trackingUrl: 'http://rm.example:8088/proxy/application_1700000000000_0042/',
    });
    const stopping = eventsOfType(run.events, 'chunk-stopping').map((event) => `${event.chunk} ${event.signal}`);
    expect([...stopping].sort()).toEqual(['2024-01 SIGKILL', '2024-01 SIGTERM', '2024-02 SIGTERM']);
    expect(record.stages[0]?.chunks?.map((chunk) => chunk.signal)).toEqual(['SIGKILL', 'SIGTERM', null, null]);
    const pids = eventsOfType(run.events, 'chunk-started').flatMap((event) => (event.pid ? [event.pid] : []));
    expect(pids).toHaveLength(2);
    expect(pids.filter((pid) => isProcessAlive(pid))).toEqual([]);

    expect(yarn.calls()).toEqual(['application -status application_1700000000000_0042', 'application -kill application_1700000000000_0042']);
    expect(eventsOfType(run.events, 'yarn-kill')).toMatchObject([
      { stage: 'bronze', chunk: '2024-02', appId: 'application_1700000000000_0042', ok: true },
    ]);
  });

  it('does not kill a YARN app that has already finished', async () => {
    const dir = tempDir();
    const yarn = installFakeYarn(dir, 'KILLED');
    const run = fakeRun(dir, {
      behaviour: 'bronze=slow:30000+yarn:1700000000000_0007',
      params: { stages: ['bronze'], graceSeconds: 1 },
      env: { PATH: `${yarn.binDir}:${process.env.PATH}` },
    });
    run.runner.subscribe((event) => {
      if (event.type === 'spark-app' && event.app.trackingUrl) run.runner.send({ type: 'abort' });
    });
    const record = await run.runner.start();
    expect(record.status).toBe('aborted');
    expect(yarn.calls()).toEqual(['application -status application_1700000000000_0007']);
    expect(eventsOfType(run.events, 'yarn-kill')).toEqual([]);
  });
});
