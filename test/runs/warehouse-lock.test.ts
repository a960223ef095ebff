import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acquireWarehouseLock, lockFileFor, releaseWarehouseLock, resolvedWarehouse, transferLock } from '../../src/runs/warehouse-lock.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe('the warehouse lock', () => {
  it('keys a warehouse by its resolved form', () => {
    const root = '/srv/backfill';
    expect(resolvedWarehouse({ warehouse: 'warehouse/', projectRoot: root })).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 'file:///srv/backfill/warehouse', projectRoot: root })).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 's3a://lake/aq/', projectRoot: root })).toBe('s3a://lake/aq');
    expect(resolvedWarehouse({ projectRoot: root })).toBe('default:/srv/backfill');
    expect(lockFileFor('/runs', 's3a://lake/aq')).not.toBe(lockFileFor('/runs', 's3a://lake/other'));
  });

  it('is held by one run at a time, handed to its host, and released only by its run', () => {
    const runsDir = tempDir();
    const first = acquireWarehouseLock(runsDir, 's3a://lake/aq', 'run-a');
    expect(first.ok).toBe(true);
    const second = acquireWarehouseLock(runsDir, 's3a://lake/aq', 'run-b');
    expect(second).toMatchObject({ ok: false, holder: { runId: 'run-a', pid: process.pid } });

    transferLock(first.file, 'run-a', process.ppid);
    expect(JSON.parse(fs.readFileSync(first.file, 'utf8'))).toMatchObject({ runId: 'run-a', pid: process.ppid });
    releaseWarehouseLock(first.file, 'run-b');
    expect(fs.existsSync(first.file)).toBe(true);
    releaseWarehouseLock(first.file, 'run-a');
    expect(acquireWarehouseLock(runsDir, 's3a://lake/aq', 'run-b').ok).toBe(true);
  });
});
