import { describe, expect, it } from 'vitest';
import { killYarnAppIfRunning, parseYarnState } from '../../src/spark/yarn.js';
import { installFakeYarn } from '../fixtures/fake-yarn.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe('killYarnAppIfRunning', () => {
  it('reads the state from yarn application -status', () => {
    expect(parseYarnState('Application Report : \n\tApplication-Id : application_1_2\n\tState : RUNNING\n')).toBe('RUNNING');
    expect(parseYarnState('no report')).toBeUndefined();
  });

  it('kills a running app with an argv (no shell), and leaves a finished one alone', async () => {
    const running = installFakeYarn(tempDir());
    const result = await killYarnAppIfRunning('application_1700000000000_0001', { PATH: running.binDir });
    expect(result).toMatchObject({ ok: true });
    expect(running.calls()).toEqual(['application -status application_1700000000000_0001', 'application -kill application_1700000000000_0001']);

    const finished = installFakeYarn(tempDir(), 'FINISHED');
    expect(await killYarnAppIfRunning('application_1700000000000_0002', { PATH: finished.binDir })).toBeUndefined();
    expect(finished.calls()).toHaveLength(1);
  });

  it('does nothing without yarn on PATH or with an id that is not a YARN id', async () => {
    expect(await killYarnAppIfRunning('application_1700000000000_0001', { PATH: tempDir() })).toBeUndefined();
    const yarn = installFakeYarn(tempDir());
    expect(await killYarnAppIfRunning('application_1; rm -rf /', { PATH: yarn.binDir })).toBeUndefined();
    expect(yarn.calls()).toEqual([]);
  });
});
