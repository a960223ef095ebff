import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../runner/run-folder.js';
import type { RunParams } from '../runner/types.js';
import { isProcessAlive, processStartTime } from './proc.js';

// One writer per warehouse: `<runsDir>/warehouse-<hash>.lock`, created exclusively, names the live run and
// the process that owns it. A lock whose process is dead is stale and is taken over.

export interface LockHolder {
  runId: string;
  pid: number;
  startTime?: string;
  warehouse: string;
  since: string;
}

export type LockResult =
  | { ok: true; file: string; tookOverFrom?: LockHolder }
  | { ok: false; file: string; holder: LockHolder };

/** The warehouse as one string: a local path made absolute, a URI as given; the jobs' default otherwise. */
export function resolvedWarehouse(params: Pick<RunParams, 'warehouse' | 'projectRoot'>): string {
  const warehouse = params.warehouse;
  if (!warehouse) return `default:${params.projectRoot}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(warehouse)) return warehouse.replace(/\/+$/, '');
  if (warehouse.startsWith('file:')) return `file://${path.resolve(warehouse.replace(/^file:(\/\/)?/, ''))}`;
  return `file://${path.resolve(params.projectRoot, warehouse)}`;
}

export function lockFileFor(runsDir: string, warehouse: string): string {
  const key = createHash('sha256').update(warehouse).digest('hex').slice(0, 16);
  return path.resolve(runsDir, `warehouse-${key}.lock`);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function holderFor(runId: string, warehouse: string, pid: number): LockHolder {
  return { runId, pid, startTime: processStartTime(pid), warehouse, since: new Date().toISOString() };
}

/** Takes the warehouse's lock for `runId`, owned by this process until `transferLock`. */
export function acquireWarehouseLock(runsDir: string, warehouse: string, runId: string): LockResult {
  fs.mkdirSync(runsDir, { recursive: true });
  const file = lockFileFor(runsDir, warehouse);
  const content = `${JSON.stringify(holderFor(runId, warehouse, process.pid))}\n`;
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
      return { ok: true, file, ...(tookOverFrom ? { tookOverFrom } : {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    // A lock being written right now reads as empty: look again rather than take it.
    if (holder && isProcessAlive(holder.pid, holder.startTime)) return { ok: false, file, holder };
    if (!holder && attempt === 0) continue;
    tookOverFrom = holder ?? tookOverFrom;
    // Rename first, so that of two processes taking over the same stale lock only one removes it.
    const claimed = `${file}.${process.pid}.stale`;
    try {
      fs.renameSync(file, claimed);
      fs.rmSync(claimed, { force: true });
    } catch {
      // another process took it over first; the next attempt sees its lock
    }
  }
  const holder = readHolder(file);
  if (holder) return { ok: false, file, holder };
  throw new Error(`Could not take the warehouse lock ${file}.`);
}

/** Hands the lock to another process (the runner host) of the same run. */
export function transferLock(file: string, runId: string, pid: number): void {
  const holder = readHolder(file);
  if (holder?.runId !== runId) return;
  writeFileAtomic(file, `${JSON.stringify({ ...holder, pid, startTime: processStartTime(pid) })}\n`);
}

/** Removes the lock if it still names `runId`. */
export function releaseWarehouseLock(file: string, runId: string): void {
  if (readHolder(file)?.runId === runId) fs.rmSync(file, { force: true });
}

export function formatLockHeld(holder: LockHolder): string {
  return (
    `backfill: run ${holder.runId} is writing to ${holder.warehouse} (pid ${holder.pid}, since ${holder.since}).\n` +
    `Only one backfill may write to a warehouse at a time. To watch it: backfill attach ${holder.runId}\n`
  );
}

export function formatLockTakenOver(holder: LockHolder, stopped: number): string {
  const leftovers = stopped > 0 ? ` Stopped ${stopped} process(es) it had left running.` : '';
  return `backfill: took over the warehouse lock of run ${holder.runId} (pid ${holder.pid} is gone).${leftovers}\n`;
}
