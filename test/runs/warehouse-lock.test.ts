import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalWarehouseUri } from '../../src/config/warehouse-uri.js';
import { acquireWarehouseLock, lockFileFor, releaseWarehouseLock, resolvedWarehouse, transferLock } from '../../src/runs/warehouse-lock.js';
import { MARKER_NAME } from '../../src/runs/warehouse-marker.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

async function take(warehouse: string, runId: string, options: Parameters<typeof acquireWarehouseLock>[2] = {}) {
  return acquireWarehouseLock(warehouse, runId, { lockDir: path.join(tempDir(), 'locks'), ...options });
}

describe('the canonical warehouse', () => {
  it('is one spelling per warehouse', () => {
    const root = '/srv/backfill';
    expect(resolvedWarehouse({ warehouse: 'warehouse/', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 'file:///srv/backfill/warehouse', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 'file:/srv/backfill/warehouse/', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: '/srv/backfill/./x/../warehouse', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 's3a://lake/aq/', projectRoot: root }, {})).toBe('s3a://lake/aq');
    expect(resolvedWarehouse({ warehouse: 'HDFS://NameNode:8020//lake/aq/', projectRoot: root }, {})).toBe('hdfs://namenode:8020/lake/aq');
    // No --warehouse: the submit wrapper's WAREHOUSE_URI, else its default <project>/warehouse.
    expect(resolvedWarehouse({ projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ projectRoot: root }, { WAREHOUSE_URI: 'hdfs://nn/wh' })).toBe('hdfs://nn/wh');
    expect(lockFileFor('s3a://lake/aq', '/locks')).not.toBe(lockFileFor('s3a://lake/other', '/locks'));
  });

  it('resolves symlinks, so a link to the warehouse is the warehouse', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    expect(canonicalWarehouseUri(path.join(dir, 'link', 'wh'), '/')).toBe(canonicalWarehouseUri(`file://${path.join(dir, 'real', 'wh')}/`, '/'));
  });
});

describe('the warehouse lock', () => {
  it('is held by one run at a time, handed to its host, and released only by its run', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    const first = await take('s3a://lake/aq', 'run-a', { lockDir });
    if (!first.ok) throw new Error(first.message);
    const second = await take('s3a://lake/aq', 'run-b', { lockDir });
    expect(second).toMatchObject({ ok: false, message: expect.stringContaining(`run run-a is writing to s3a://lake/aq (pid ${process.pid}`) });

    transferLock(first.lock, process.ppid);
    expect(JSON.parse(fs.readFileSync(first.lock.file, 'utf8'))).toMatchObject({ runId: 'run-a', pid: process.ppid, host: os.hostname() });
    await releaseWarehouseLock({ ...first.lock, runId: 'run-b' });
    expect(fs.existsSync(first.lock.file)).toBe(true);
    await releaseWarehouseLock(first.lock);
    expect((await take('s3a://lake/aq', 'run-b', { lockDir })).ok).toBe(true);
  });

  it('keeps a marker in a file:// warehouse that a console with another lock folder (another machine) sees', async () => {
    const warehouse = `file://${tempDir()}`;
    const here = await take(warehouse, 'run-a', { hostname: 'edge-1' });
    if (!here.ok) throw new Error(here.message);
    const marker = path.join(warehouse.slice(7), MARKER_NAME);
    expect(JSON.parse(fs.readFileSync(marker, 'utf8'))).toMatchObject({ runId: 'run-a', host: 'edge-1', pid: process.pid });

    // The second edge node shares the warehouse (NFS, HDFS) but not the machine lock.
    const there = await take(warehouse, 'run-b', { hostname: 'edge-2' });
    expect(there.ok).toBe(false);
    expect(!there.ok && there.message).toMatch(/run run-a on host edge-1 is writing to .*\n.*on edge-1: backfill attach run-a\n.*--force-unlock/);

    await releaseWarehouseLock(here.lock);
    expect(fs.existsSync(marker)).toBe(false);
    expect((await take(warehouse, 'run-b', { hostname: 'edge-2' })).ok).toBe(true);
  });

  it('never takes over another machine\'s marker as stale; --force-unlock does, and says so', async () => {
    const dir = tempDir();
    const warehouse = `file://${dir}`;
    fs.writeFileSync(path.join(dir, MARKER_NAME), JSON.stringify({ runId: 'gone', host: 'edge-9', pid: 999999, warehouse, since: '2026-01-01T00:00:00Z' }));
    expect((await take(warehouse, 'run-a')).ok).toBe(false);
    const forced = await take(warehouse, 'run-a', { forceUnlock: true });
    if (!forced.ok) throw new Error(forced.message);
    expect(forced.notices.join('')).toContain('--force-unlock: removed the lock of run gone on host edge-9');
  });

  it('takes over this machine\'s marker once the machine lock is free (its run is over)', async () => {
    const dir = tempDir();
    const warehouse = `file://${dir}`;
    fs.writeFileSync(path.join(dir, MARKER_NAME), JSON.stringify({ runId: 'old', host: os.hostname(), pid: 999999, warehouse, since: '2026-01-01T00:00:00Z' }));
    expect((await take(warehouse, 'run-a')).ok).toBe(true);
  });

  it('asks for --force-unlock when the marker cannot be read', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, MARKER_NAME), 'garbage');
    const refused = await take(`file://${dir}`, 'run-a');
    expect(!refused.ok && refused.message).toMatch(/is not a backfill lock.*\n.*--force-unlock/);
  });
});

describe('the warehouse lock on HDFS (WebHDFS)', () => {
  it('creates the marker atomically, refuses a second machine, and removes it at the end', async () => {
    const { startFakeWebHdfs } = await import('../fixtures/fake-webhdfs.js');
    const webhdfs = await startFakeWebHdfs();
    try {
      const env = { BACKFILL_WEBHDFS_URL: webhdfs.url, PATH: '', HADOOP_USER_NAME: 'etl' };
      const warehouse = 'hdfs://namenode:8020/lake/aq';
      const one = await take(warehouse, 'run-a', { hostname: 'edge-1', env });
      if (!one.ok) throw new Error(one.message);
      expect(JSON.parse(webhdfs.files.get(`/lake/aq/${MARKER_NAME}`)!)).toMatchObject({ runId: 'run-a', host: 'edge-1' });
      const two = await take(warehouse, 'run-b', { hostname: 'edge-2', env });
      expect(!two.ok && two.message).toContain('run run-a on host edge-1 is writing to hdfs://namenode:8020/lake/aq');
      await releaseWarehouseLock(one.lock, env);
      expect(webhdfs.files.size).toBe(0);
    } finally {
      await webhdfs.close();
    }
  });

  it('refuses to start when the warehouse cannot be reached, saying so', async () => {
    const refused = await take('hdfs://127.0.0.1:1/wh', 'run-a', { env: { BACKFILL_WEBHDFS_URL: 'http://127.0.0.1:1', PATH: '' } });
    expect(!refused.ok && refused.message).toMatch(/could not take the lock in the warehouse \(hdfs:\/\/127\.0\.0\.1:1\/wh\/\.backfill-lock\.json\)/);
  });
});
