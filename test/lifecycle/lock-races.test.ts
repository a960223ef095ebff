import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireWarehouseLock, lockFileFor, releaseWarehouseLock, type LockResult } from '../../src/lifecycle/warehouse-lock.js';
import { readForTakeover, takeoverFileFor } from '../../src/lifecycle/stale-takeover.js';
import { MARKER_NAME } from '../../src/lifecycle/warehouse-marker.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

// Two consoles that find the same stale lock at the same moment: the second console's whole takeover is run at
// the worst point of the first's, after it has judged the lock stale and before it removes it. The first must
// then find the second's fresh lock, not remove it: exactly one of them holds the warehouse.

function staleLock(warehouse: string): string {
  return `${JSON.stringify({ runId: 'dead-run', host: os.hostname(), pid: 999999, startTime: '123', warehouse, since: '2026-01-01T00:00:00Z' })}\n`;
}

/** What is left beside a lock besides the lock itself: takeover files, stale files moved aside. */
function leftovers(dir: string, name: string): string[] {
  return fs.readdirSync(dir).filter((entry) => entry.startsWith(`${name}.`));
}

/** A stale lock of `warehouse` at `file`, with another console's takeover file beside it; gives that file. */
function staleLockBeingTakenOver(file: string, warehouse: string): string {
  fs.writeFileSync(file, staleLock(warehouse));
  const read = readForTakeover(file);
  if (read.missing || read.notAFile !== undefined) throw new Error(`no lock at ${file}`);
  const takeover = takeoverFileFor(file, read.identity);
  fs.writeFileSync(takeover, '');
  return takeover;
}

describe('two consoles taking over the same stale lock at once', () => {
  it('machine lock (one lock folder): the slower does not remove the faster one\'s fresh lock, and is refused', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    const warehouse = 's3a://lake/race';
    fs.mkdirSync(lockDir);
    const file = lockFileFor(warehouse, lockDir);
    fs.writeFileSync(file, staleLock(warehouse));

    let second: LockResult | undefined;
    const first = await acquireWarehouseLock(warehouse, 'run-a', {
      lockDir,
      beforeRemoveStale: async (which) => {
        if (which === 'machine' && !second) second = await acquireWarehouseLock(warehouse, 'run-b', { lockDir });
      },
    });

    expect(second).toMatchObject({ ok: true, tookOverFrom: { runId: 'dead-run' } });
    expect(first).toMatchObject({ ok: false, message: expect.stringContaining('run run-b is writing to s3a://lake/race') });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ runId: 'run-b', pid: process.pid });
    expect(leftovers(lockDir, path.basename(file))).toEqual([]);
  });

  it('warehouse marker (two lock folders): the slower does not remove the faster one\'s fresh marker, is refused, and lets its machine lock go', async () => {
    const root = tempDir();
    const dir = path.join(root, 'wh');
    const warehouse = `file://${dir}`;
    fs.mkdirSync(dir);
    const marker = path.join(dir, MARKER_NAME);
    fs.writeFileSync(marker, staleLock(warehouse));
    const lockDirA = path.join(root, 'locks-a');
    const lockDirB = path.join(root, 'locks-b');

    let second: LockResult | undefined;
    const first = await acquireWarehouseLock(warehouse, 'run-a', {
      lockDir: lockDirA,
      beforeRemoveStale: async (which) => {
        if (which === 'marker' && !second) second = await acquireWarehouseLock(warehouse, 'run-b', { lockDir: lockDirB });
      },
    });

    expect(second).toMatchObject({ ok: true, tookOverFrom: { runId: 'dead-run' } });
    expect(first).toMatchObject({ ok: false, message: expect.stringContaining(`run run-b is writing to ${warehouse}`) });
    expect(JSON.parse(fs.readFileSync(marker, 'utf8'))).toMatchObject({ runId: 'run-b', pid: process.pid });
    expect(fs.existsSync(lockFileFor(warehouse, lockDirA))).toBe(false);
    expect(leftovers(dir, MARKER_NAME)).toEqual([]);

    if (second?.ok) await releaseWarehouseLock(second.lock);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('waits while another console takes the same stale lock over, and refuses, naming the file, when one was killed doing it', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    const warehouse = 's3a://lake/stuck';
    fs.mkdirSync(lockDir);
    const file = lockFileFor(warehouse, lockDir);
    // Another console's takeover of this very lock in progress: its takeover file is there, and gone a moment later.
    const takeover = staleLockBeingTakenOver(file, warehouse);
    setTimeout(() => fs.rmSync(takeover), 150);
    const waited = await acquireWarehouseLock(warehouse, 'run-a', { lockDir });
    expect(waited).toMatchObject({ ok: true, tookOverFrom: { runId: 'dead-run' } });
    if (waited.ok) await releaseWarehouseLock(waited.lock);

    // One left by a console killed while taking it over: waited for, then refused in words, the lock left as it was.
    fs.writeFileSync(file, staleLock(warehouse));
    fs.writeFileSync(takeover, '');
    const refused = await acquireWarehouseLock(warehouse, 'run-b', { lockDir });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining(`another console is taking over the stale lock ${file}`) });
    expect(!refused.ok && refused.message).toContain(`rm ${takeover}`);
    expect(fs.readFileSync(file, 'utf8')).toBe(staleLock(warehouse));
  }, 10_000);

  it('waits, as long as it takes, for another console taking over the same stale marker', async () => {
    const root = tempDir();
    const dir = path.join(root, 'wh');
    const warehouse = `file://${dir}`;
    fs.mkdirSync(dir);
    const marker = path.join(dir, MARKER_NAME);
    const takeover = staleLockBeingTakenOver(marker, warehouse);
    setTimeout(() => fs.rmSync(takeover), 500);
    const waited = await acquireWarehouseLock(warehouse, 'run-a', { lockDir: path.join(root, 'locks') });
    expect(waited).toMatchObject({ ok: true, tookOverFrom: { runId: 'dead-run' } });
    expect(JSON.parse(fs.readFileSync(marker, 'utf8'))).toMatchObject({ runId: 'run-a' });
    if (waited.ok) await releaseWarehouseLock(waited.lock);
  });
});
