import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tryParseJson } from '../records/validated-json.js';
import { writeFileAtomic } from '../runner/atomic-file.js';
import { isProcessAlive, processStartTime } from '../runner/proc.js';
import { lockHolderSchema, markerFor, type LockHolder } from './warehouse-marker.js';

export { canonicalWarehouse as resolvedWarehouse } from '../config/warehouse-uri.js';
export type { LockHolder } from './warehouse-marker.js';

// One writer per warehouse, at two levels, both keyed by the canonical warehouse URI:
// - the machine lock, `<lock dir>/warehouse-<hash>.lock` (default /tmp/backfill-locks, shared by every user
//   and runs dir on this machine), created exclusively; it names the process that owns the run, so a lock
//   whose process died is known stale and taken over;
// - the warehouse marker (see warehouse-marker.ts) inside a file:// or hdfs:// warehouse, which consoles on
//   other machines see too. A marker left by this machine is stale once the machine lock is free; one left
//   by another machine is never taken over without --force-unlock: its process cannot be checked from here.

export const DEFAULT_LOCK_DIR = '/tmp/backfill-locks';

/** A lock this process (or, after transferLock, its runner host) holds; serializable. */
export interface HeldLock {
  file: string;
  warehouse: string;
  runId: string;
  /** Where the warehouse marker is, when the warehouse has one. */
  marker?: string;
}

export type LockResult =
  | { ok: true; lock: HeldLock; tookOverFrom?: LockHolder; notices: string[] }
  | { ok: false; message: string };

export interface LockOptions {
  /** Remove a lock whose owner cannot be checked from here (another machine's, or unreadable). Never a live one of this machine. */
  forceUnlock?: boolean;
  lockDir?: string;
  hostname?: string;
  env?: NodeJS.ProcessEnv;
}

export function lockDirFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.BACKFILL_LOCK_DIR || DEFAULT_LOCK_DIR;
}

export function lockFileFor(warehouse: string, lockDir: string = lockDirFrom()): string {
  const key = createHash('sha256').update(warehouse).digest('hex').slice(0, 16);
  return path.join(lockDir, `warehouse-${key}.lock`);
}

/** The shared lock folder: created sticky and world-writable like /tmp, so every user's consoles meet there
 *  and none can remove another's lock. */
function ensureLockDir(dir: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      fs.chmodSync(dir, 0o1777);
    } catch {
      // not ours to change: a folder someone else made
    }
  }
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a folder; remove it or set BACKFILL_LOCK_DIR`);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return tryParseJson(fs.readFileSync(file, 'utf8'), lockHolderSchema);
  } catch {
    return undefined;
  }
}

function holderFor(runId: string, warehouse: string, pid: number, host: string): LockHolder {
  return { runId, host, pid, startTime: processStartTime(pid), warehouse, since: new Date().toISOString(), user: os.userInfo().username };
}

/** Takes the machine lock, then the warehouse marker. Resolves to the held lock or the refusal in words. */
export async function acquireWarehouseLock(warehouse: string, runId: string, options: LockOptions = {}): Promise<LockResult> {
  const host = options.hostname ?? os.hostname();
  const dir = options.lockDir ?? lockDirFrom(options.env);
  ensureLockDir(dir);
  const machine = takeMachineLock(lockFileFor(warehouse, dir), holderFor(runId, warehouse, process.pid, host), host, options.forceUnlock === true);
  if (!machine.ok) return machine;
  const lock: HeldLock = { file: machine.file, warehouse, runId };
  const notices: string[] = [];

  const marker = markerFor(warehouse, options.env);
  if (marker) {
    lock.marker = marker.location;
    const mine = holderFor(runId, warehouse, process.pid, host);
    try {
      for (let attempt = 0; ; attempt++) {
        const result = await marker.create(mine);
        if (result.created) break;
        const other = result.holder;
        const sameMachine = other !== undefined && (other.host ?? host) === host;
        // Ours is the machine lock, so a marker this machine left belongs to a run that is over.
        if (attempt === 0 && (sameMachine || other?.runId === runId || options.forceUnlock)) {
          if (!sameMachine && other?.runId !== runId) notices.push(forcedMessage(other, marker.location));
          await marker.remove();
          continue;
        }
        releaseMachineLock(lock);
        return { ok: false, message: other ? formatHeldElsewhere(other, marker.location) : formatUnreadableMarker(warehouse, marker.location) };
      }
    } catch (error) {
      releaseMachineLock(lock);
      return { ok: false, message: `backfill: could not take the lock in the warehouse (${marker.location}): ${(error as Error).message}\nCheck that the warehouse is reachable and writable.\n` };
    }
  }
  return { ok: true, lock, notices, ...(machine.tookOverFrom ? { tookOverFrom: machine.tookOverFrom } : {}) };
}

function takeMachineLock(
  file: string,
  mine: LockHolder,
  host: string,
  force: boolean,
): { ok: true; file: string; tookOverFrom?: LockHolder } | { ok: false; message: string } {
  const content = `${JSON.stringify(mine)}\n`;
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
      return { ok: true, file, ...(tookOverFrom ? { tookOverFrom } : {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    // A lock being written right now reads as empty: look again rather than take it.
    if (!holder && attempt === 0) continue;
    if (holder && (holder.host ?? host) !== host && !force) return { ok: false, message: formatHeldElsewhere(holder, file) };
    if (holder && (holder.host ?? host) === host && isProcessAlive(holder.pid, holder.startTime)) return { ok: false, message: formatLockHeld(holder) };
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
  return { ok: false, message: holder ? formatLockHeld(holder) : `backfill: could not take the warehouse lock ${file}; try again.\n` };
}

/** Hands the machine lock to another process (the runner host) of the same run. */
export function transferLock(lock: HeldLock, pid: number): void {
  const holder = readHolder(lock.file);
  if (holder?.runId !== lock.runId) return;
  writeFileAtomic(lock.file, `${JSON.stringify({ ...holder, pid, startTime: processStartTime(pid) })}\n`);
}

function releaseMachineLock(lock: HeldLock): void {
  if (readHolder(lock.file)?.runId === lock.runId) fs.rmSync(lock.file, { force: true });
}

/** Removes the marker, then the machine lock, each only if it still names the lock's run. Never throws: a
 *  marker that cannot be removed now (HDFS down) is taken over as stale by this machine's next run. */
export async function releaseWarehouseLock(lock: HeldLock, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  let problem: string | undefined;
  const marker = lock.marker ? markerFor(lock.warehouse, env) : undefined;
  try {
    await marker?.remove(lock.runId);
  } catch (error) {
    problem = `could not remove the warehouse lock ${lock.marker}: ${(error as Error).message}`;
  }
  try {
    releaseMachineLock(lock);
  } catch (error) {
    problem = `could not remove the machine lock ${lock.file}: ${(error as Error).message}`;
  }
  return problem;
}

function since(holder: LockHolder): string {
  return `pid ${holder.pid}, since ${holder.since}`;
}

export function formatLockHeld(holder: LockHolder): string {
  return (
    `backfill: run ${holder.runId} is writing to ${holder.warehouse} (${since(holder)}${holder.user ? `, user ${holder.user}` : ''}).\n` +
    `Only one backfill may write to a warehouse at a time. To watch it: backfill attach ${holder.runId}\n`
  );
}

function formatHeldElsewhere(holder: LockHolder, where: string): string {
  return (
    `backfill: run ${holder.runId} on host ${holder.host ?? 'unknown'} is writing to ${holder.warehouse} (${since(holder)}; lock ${where}).\n` +
    `Only one backfill may write to a warehouse at a time. To watch it, on ${holder.host}: backfill attach ${holder.runId}\n` +
    `If ${holder.host} is gone and its run with it, clear the lock by adding --force-unlock.\n`
  );
}

function formatUnreadableMarker(warehouse: string, where: string): string {
  return `backfill: ${where} exists but is not a backfill lock this version can read, so ${warehouse} may be in use.\nIf no backfill writes to it, clear the lock by adding --force-unlock.\n`;
}

function forcedMessage(holder: LockHolder | undefined, where: string): string {
  return holder
    ? `backfill: --force-unlock: removed the lock of run ${holder.runId} on host ${holder.host} (${since(holder)}) from ${where}.\n`
    : `backfill: --force-unlock: removed the unreadable lock ${where}.\n`;
}

export function formatLockTakenOver(holder: LockHolder, stopped: number): string {
  const leftovers = stopped > 0 ? ` Stopped ${stopped} process(es) it had left running.` : '';
  return `backfill: took over the warehouse lock of run ${holder.runId} (pid ${holder.pid} is gone).${leftovers}\n`;
}
