import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli-process.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

/** Every usage error: exit 2, the project's `backfill:` lines, no stack trace, no run folder. */
async function expectUsageError(args: string[], message: RegExp) {
  const runsDir = path.join(tempDir(), 'runs');
  const result = await runCli([...args, '--runs-dir', runsDir, '--headless']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^backfill: /);
  expect(result.stderr).not.toMatch(/\n\s+at |Error:|Unknown flag/);
  expect(existsSync(runsDir)).toBe(false);
  return result.stderr;
}

describe('usage errors of the real command line', () => {
  it('a flag given twice', async () => {
    await expectUsageError(['--start-date', '2024-01-01', '--start-date', '2024-01-02', '--end-date', '2024-01-03'], /--start-date is given twice/);
  });

  it('an unknown flag', async () => {
    await expectUsageError(['--start-dat', '2024-01-01'], /^backfill: --start-dat is not a backfill option \(did you mean --start-date\?\)/);
  });

  it('a hex --parallel, an overflowing --retry-delay and a 5,000-character value', async () => {
    const text = await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--parallel', '0x10', '--retries', '1', '--retry-delay', '3000000', '--master', 'm'.repeat(5000)],
      /--parallel \(not a number\)/,
    );
    expect(text).toMatch(/--retry-delay 3000000 is not a number of seconds from 0 to 86400/);
    expect(text).toContain('(5000 characters)');
    expect(text.length).toBeLessThan(1000);
  });
});
