import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, processStartTime } from '../../../src/runner/process/proc.js';
import { probeSocket } from '../../../src/lifecycle/liveness.js';
import { PROJECT_ROOT } from '../../fixtures/cli-process.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';
import { waitUntil } from '../../daemon/host-harness.js';

const tempDir = useTempDirs();
const PYTHON = path.join(PROJECT_ROOT, '.venv', 'bin', 'python');
const FIXTURE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'main-thread-exits.py');

const mainThreadState = (pid: number) => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];

describe('a process whose main thread ended before its other threads', () => {
  it('is alive while a thread runs and holds its socket, and gone once the last thread ends', async () => {
    const socketPath = path.join(tempDir(), 's.sock');
    const child = spawn(PYTHON, [FIXTURE, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    await once(child.stdout, 'data');
    const pid = child.pid!;
    const startTime = processStartTime(pid)!;
    await waitUntil(() => mainThreadState(pid) === 'Z', 5_000, 'the main thread to end');

    // What kill -9 of a busy runner host looks like for a moment: the socket still accepts, so the process
    // must not be called gone (a run judged interrupted while its host still answers).
    expect(await probeSocket(socketPath)).toBe('answers');
    expect(isProcessAlive(pid)).toBe(true);
    expect(isProcessAlive(pid, startTime)).toBe(true);

    fs.writeFileSync(`${socketPath}.release`, '');
    await exited;
    expect(isProcessAlive(pid, startTime)).toBe(false);
    expect(await probeSocket(socketPath)).toBe('dead');
  });
});
