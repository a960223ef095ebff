import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStageProcess } from '../../../src/runner/process/stage-process.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe('startStageProcess', () => {
  it('gives the stage its log file as stdout and stderr, so it never waits for the console', async () => {
    const logFile = path.join(tempDir(), 'bronze.log');
    const lines: string[] = [];
    const stage = startStageProcess({
      command: ['sh', '-c', 'readlink /proc/$$/fd/1; readlink /proc/$$/fd/2 >&2'],
      logFile,
      handlers: { onLines: (batch) => lines.push(...batch) },
    });
    expect(await stage.exited).toMatchObject({ exitCode: 0 });
    const real = fs.realpathSync(logFile);
    expect(fs.readFileSync(logFile, 'utf8')).toBe(`${real}\n${real}\n`);
    expect(lines).toEqual([real, real]);
  });

  it('follows only what this attempt appends to a log that already has lines', async () => {
    const logFile = path.join(tempDir(), 'silver.log');
    fs.writeFileSync(logFile, 'before\n');
    const lines: string[] = [];
    const stage = startStageProcess({ command: ['sh', '-c', 'echo after'], logFile, handlers: { onLines: (batch) => lines.push(...batch) } });
    await stage.exited;
    expect(lines).toEqual(['after']);
    expect(fs.readFileSync(logFile, 'utf8')).toBe('before\nafter\n');
  });
});
