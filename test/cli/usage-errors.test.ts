import { existsSync, writeFileSync } from 'node:fs';
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
      /^backfill: --parallel 0x10 is not a number of chunks at once/m,
    );
    expect(text).toMatch(/--retry-delay 3000000 is too high: it must be at most 86400/);
    expect(text).toContain('(5000 characters)');
    expect(text.length).toBeLessThan(1000);
  });

  it('a --locations file the jobs would refuse: named with its line and fix before anything starts, even a dry run', async () => {
    const cities = path.join(tempDir(), 'cities.jsonl');
    const hanoi = '{"location_key": "hanoi", "location_name": "Hanoi", "latitude": 21.0285, "longitude": 105.8542, "timezone": "Asia/Ho_Chi_Minh"}';
    writeFileSync(cities, `\ufeff${hanoi}\n`);
    await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--locations', cities, '--dry-run'],
      new RegExp(`^backfill: --locations ${cities}:1: starts with a UTF-8 byte order mark \\(BOM\\); save the file as UTF-8 without a byte order mark`, 'm'),
    );
    writeFileSync(cities, `${hanoi}\n${hanoi.replace('"latitude": 21.0285', '"latitude": 21.0285, "latitude": 12')}\n`);
    await expectUsageError(['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--locations', cities, '--dry-run'], /--locations .*cities\.jsonl:2: duplicate key "latitude"; give each key once/);
  });

  it.each([
    [['--master', '-x'], /^backfill: --master needs a value \(-x reads as an option\); write --master <value>, or --master=-x if that is the value\.\n/],
    [['--chunk', '-1d'], /^backfill: --chunk needs a value \(-1d reads as an option\)/],
    [['--notify-url', '-h'], /^backfill: --notify-url needs a value \(-h reads as an option\)/],
    [['--chunk=-1d'], /^backfill: --chunk -1d is not a chunk size/],
    [['--runs-dir', ''], /^backfill: --runs-dir is empty; give it a value/],
    [['--spark-submit', ''], /^backfill: --spark-submit is empty; give it a value/],
    [['--warehouse='], /^backfill: --warehouse is empty/],
  ])('a value that starts with - or is empty: %j', async (args, message) => {
    await expectUsageError(['--start-date', '2024-01-01', '--end-date', '2024-01-02', ...args], message);
  });

  it('negative numbers: each must be at least its least value, not "not a number"', async () => {
    const text = await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--parallel', '-3', '--retries', '-1', '--retry-delay', '-2', '--grace', '-5', '--min-completeness', '-1'],
      /^backfill: --grace -5 is too low: it must be at least 0; e\.g\. --grace 30\.$/m,
    );
    expect(text).toMatch(/^backfill: --parallel -3 is too low: it must be at least 1; e\.g\. --parallel 4\.$/m);
    expect(text).toMatch(/^backfill: --retries -1 is too low: it must be at least 0/m);
    expect(text).toMatch(/^backfill: --retry-delay -2 is too low: it must be at least 0/m);
    expect(text).toMatch(/^backfill: --min-completeness -1 is too low: it must be at least 0/m);
    expect(text).not.toContain('not a number');
  });

  it('numbers above their range: each must be at most its greatest value, not "not a number"', async () => {
    const text = await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--parallel', '65', '--retries', '21', '--retry-delay', '86400.5', '--grace', '86401', '--min-completeness', '100.01'],
      /^backfill: --grace 86401 is too high: it must be at most 86400; e\.g\. --grace 30\.$/m,
    );
    expect(text).toMatch(/^backfill: --parallel 65 is too high: it must be at most 64; e\.g\. --parallel 4\.$/m);
    expect(text).toMatch(/^backfill: --retries 21 is too high: it must be at most 20; e\.g\. --retries 2\.$/m);
    expect(text).toMatch(/^backfill: --retry-delay 86400\.5 is too high: it must be at most 86400; e\.g\. --retry-delay 60\.$/m);
    expect(text).toMatch(/^backfill: --min-completeness 100\.01 is too high: it must be at most 100; e\.g\. --min-completeness 90\.$/m);
    expect(text).not.toMatch(/not a number|plain digits|not a percentage/);
  });

  it('a value with an invisible character is echoed with it escaped, not as the digits it looks like', async () => {
    const text = await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--parallel', '3\u200b', '--grace', '\u00a030', '--master', 'yarn\u2060'],
      /^backfill: --parallel 3\\u200b is not a number of chunks at once/m,
    );
    expect(text).toMatch(/^backfill: --grace \\xa030 is not a number of seconds/m);
    expect(text).toMatch(/^backfill: --master yarn\\u2060 is not a Spark master/m);
    expect(text).not.toMatch(/[\u00a0\u200b\u2060]/);
  });

  it('numbers are echoed as typed, not as read: 1e3, 2.50, 016 and 65.0', async () => {
    const text = await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--grace', '1e3', '--retries', '2.50', '--retry-delay=-016', '--parallel', '65.0', '--min-completeness', '101.0%'],
      /^backfill: --grace 1e3 is not a number of seconds from 0 to 86400/m,
    );
    expect(text).toMatch(/^backfill: --retries 2\.50 is not a number of retries/m);
    expect(text).toMatch(/^backfill: --retry-delay -016 is not a number of seconds/m); // a leading zero: not a plain decimal
    expect(text).toMatch(/^backfill: --parallel 65\.0 is not a number of chunks at once/m);
    expect(text).toMatch(/^backfill: --min-completeness 101\.0% is too high: it must be at most 100/m);
    expect(text).not.toContain('(not a number)');
  });

  it("counts in plain digits only: --parallel ' 3', --retries 03 and --parallel 3.0 are refused with the fix", async () => {
    const text = await expectUsageError(
      ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--chunk', '1d', '--parallel', ' 3', '--retries', '03', '--dry-run'],
      /^backfill: --parallel {2}3 is not a number of chunks at once; use a whole number from 1 to 64 in plain digits \(no blank, leading zero or decimal point\), e\.g\. --parallel 4\.$/m,
    );
    expect(text).toMatch(/^backfill: --retries 03 is not a number of retries; use a whole number from 0 to 20 in plain digits \(no blank, leading zero or decimal point\), e\.g\. --retries 2\.$/m);
    await expectUsageError(['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--parallel=3.0', '--dry-run'], /^backfill: --parallel 3\.0 is not a number of chunks at once/m);
  });

  it.each([
    ['file:///data/100%', /^backfill: --warehouse file:\/\/\/data\/100% has a % that does not start a %XX escape; write a literal % as %25: file:\/\/\/data\/100%25\.$/m],
    ['file://otherhost/data/wh', /^backfill: --warehouse file:\/\/otherhost\/data\/wh names host otherhost, but a file: URI is a path on this machine; write file:\/\/\/data\/wh \(three slashes\)/m],
  ])('--warehouse %s: one line naming --warehouse and the fix', async (warehouse, message) => {
    await expectUsageError(['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--warehouse', warehouse], message);
  });
});
