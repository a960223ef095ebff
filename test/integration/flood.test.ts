import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { eventsOfType, fakeRun } from './harness.js';

const tempDir = useTempDirs();
const LINES = 200_000;
// What the fake prints on stderr; it may land between two stdout chunks, even mid-line.
const STDERR_PIECE = /\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d (?:INFO|WARN|ERROR) [^\n]*\n|\r\[Stage \d+:[^\]]*\]|\r +\r/g;

describe('a flood of output', () => {
  it('lands byte for byte in the log and reaches listeners in batches', async () => {
    const run = fakeRun(tempDir(), { behaviour: `bronze=flood:${LINES}`, params: { stages: ['bronze'] } });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');

    const log = fs.readFileSync(path.join(run.runDir, 'logs', 'bronze.log'), 'latin1');
    const stdout = log
      .replace(STDERR_PIECE, '')
      .split(/(?<=\n)/)
      .filter((line) => line.startsWith('flood line'))
      .join('');
    let expected = '';
    for (let i = 0; i < LINES; i++) expected += `flood line ${i} of ${LINES}: the quick brown fox jumps over the lazy dog\n`;
    expect(stdout.length).toBe(expected.length);
    expect(stdout === expected).toBe(true);

    const batches = eventsOfType(run.events, 'stage-output');
    const floodLines = batches.flatMap((event) => event.lines).filter((line) => line.startsWith('flood line'));
    expect(floodLines).toHaveLength(LINES);
    expect(batches.length).toBeLessThan(LINES / 100);
  });
});
