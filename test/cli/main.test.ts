import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type Invocation } from '../../src/cli/main.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';

let dir: string;
let stdout: string;
let stderr: string;

function invocation(options: Invocation['options'], modes: Partial<Invocation> = {}): Invocation {
  return {
    options: {
      startDate: '2024-01-01',
      endDate: '2024-01-02',
      sparkSubmit: FAKE_SPARK_SUBMIT,
      runsDir: path.join(dir, 'runs'),
      grace: 1,
      ...options,
    },
    headless: true,
    json: true,
    dryRun: false,
    yes: false,
    ...modes,
  };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backfill-main-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.FAKE_SPARK_BEHAVIOUR;
});

describe('main', () => {
  it('exits 2 on bad input, names the flags, and leaves no run folder', async () => {
    const code = await main(invocation({ endDate: '2023-12-31', conf: ['nokey'] }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--end-date 2023-12-31 is before --start-date/);
    expect(stderr).toMatch(/--conf nokey is not key=value/);
    expect(stdout).toBe('');
    expect(existsSync(path.join(dir, 'runs'))).toBe(false);
  });

  it.each(['/proc/backfill-wh', '/proc/self/backfill-wh', '/sys/backfill-wh'])(
    'refuses --warehouse %s with exit 2 before any lock is taken, rather than loop on making it',
    { timeout: 5_000 },
    async (warehouse) => {
      const code = await main(invocation({ warehouse }));
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^backfill: --warehouse ${warehouse}( \\(/proc/\\d+/backfill-wh\\))? is under /(proc|sys), a kernel file system, not a disk`));
      expect(existsSync(path.join(dir, 'runs'))).toBe(false);
      const lockDir = process.env.BACKFILL_LOCK_DIR!;
      expect(existsSync(lockDir) ? readdirSync(lockDir).filter((name) => name.endsWith('.lock')) : []).toEqual([]);
    },
  );

  it.each([
    ['foo://bar', 'is not a warehouse the jobs can write (no file system foo:)'],
    ['s3a://', 'names no bucket after s3a://'],
    ['hdfs://', 'names no NameNode after hdfs://'],
  ])('refuses --warehouse %s with exit 2, naming the flag, and starts nothing', async (warehouse, why) => {
    const code = await main(invocation({ warehouse }));
    expect(code).toBe(2);
    expect(stderr).toContain(`backfill: --warehouse ${warehouse} ${why}`);
    expect(stdout).toBe('');
    expect(existsSync(path.join(dir, 'runs'))).toBe(false);
  });

  it('prints the plan on --dry-run and starts nothing', async () => {
    const code = await main(invocation({}, { dryRun: true, json: false }));
    expect(code).toBe(0);
    expect(stdout).toContain('Dry run: nothing started.');
    expect(existsSync(path.join(dir, 'runs'))).toBe(false);
  });

  it('runs headless, records the run and exits with the run status', async () => {
    process.env.FAKE_SPARK_BEHAVIOUR = 'silver=fail:4';
    const code = await main(invocation({}));
    expect(code).toBe(1);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      type: 'summary',
      status: 'failed',
      stages: [
        { name: 'bronze', status: 'succeeded', exitCode: 0 },
        { name: 'silver', status: 'failed', exitCode: 4 },
        { name: 'gold', status: 'pending' },
      ],
    });
    const [runId] = readdirSync(path.join(dir, 'runs'));
    const record = JSON.parse(readFileSync(path.join(dir, 'runs', runId!, 'run.json'), 'utf8'));
    expect(record.status).toBe('failed');
  });
});
