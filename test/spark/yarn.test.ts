import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath } from '../../src/config/executable.js';
import { killYarnAppIfRunning, parseYarnState } from '../../src/spark/yarn.js';
import { installFakeYarn } from '../fixtures/fake-yarn.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { waitUntil } from '../daemon/host-harness.js';
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

describe('yarn as a helper process', () => {
  it('a yarn whose JVM lingers holding its output does not keep the stop waiting, and is ended with its group', async () => {
    const dir = tempDir();
    const yarn = installFakeYarn(dir);
    const pidFile = path.join(dir, 'jvm.pid');
    // Like the real script: the answer comes, but a process it started keeps stdout open.
    const script = readFileSync(path.join(yarn.binDir, 'yarn'), 'utf8').replace('esac', `esac\n'${findOnPath('sleep', process.env.PATH)}' 300 &\necho $! > '${pidFile}'`);
    writeFileSync(path.join(yarn.binDir, 'yarn'), script, { mode: 0o755 });
    const lingering = () => isProcessAlive(Number(readFileSync(pidFile, 'utf8')));
    try {
      const result = await killYarnAppIfRunning('application_1700000000000_0003', { PATH: yarn.binDir });
      expect(result).toEqual({ ok: true, message: 'yarn application -kill application_1700000000000_0003: Killing application application_1700000000000_0003' });
      await waitUntil(() => !lingering(), 5000, 'the lingering process to be ended');
    } finally {
      if (existsSync(pidFile) && lingering()) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    }
  }, 20_000);
});
