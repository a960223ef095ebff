import { shown, shownWhole } from '../config/shown.js';
import { shellQuote } from '../text/shell-quote.js';
import { terminalSafeLines } from '../text/terminal-safe.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { tryParseJson } from '../runner/folder/validated-json.js';
import { readBoundedFile, RecordFileError } from '../runner/folder/bounded-file.js';
import { createFileExclusive, writeFileAtomic } from '../runner/folder/atomic-file.js';
import { FolderError, makeFolders } from '../runner/folder/make-folders.js';
import { processStartTime } from '../runner/process/proc.js';
import { ownerLiveness } from './liveness.js';
import { readForTakeover, removeIfUnchanged, takeoverFileFor } from './stale-takeover.js';
import { lockHolderSchema, markerFor, type LockHolder } from './warehouse-marker.js';

export { canonicalWarehouse as resolvedWarehouse } from '../config/warehouse-uri.js';
export type { LockHolder } from './warehouse-marker.js';

// One writer per warehouse, at two levels, both keyed by the canonical warehouse URI:
// - the machine lock, `<lock dir>/warehouse-<hash>.lock` (default /tmp/backfill-locks, shared by every user
//   and runs dir on this machine), created exclusively and whole; it names the process that owns the run;
// - the warehouse marker (see warehouse-marker.ts) inside a file:// or hdfs:// warehouse, which consoles on
//   other machines, and consoles of this machine with another lock folder (another user's BACKFILL_LOCK_DIR,
//   a PrivateTmp unit, a container with the same hostname), see too.
// Both follow the one liveness rule (liveness.ts): a lock is stale only when its owner, pid with that start
// time on this machine, is gone. A live owner's lock is never taken, not even with --force-unlock. A lock that
// cannot be read, names another machine, or has no start time while its pid lives proves nothing: it is kept,
// and --force-unlock clears it (the operator vouches that its run is over). Something that is not a file in
// the machine lock's or the marker's place (a folder, a FIFO, a socket) is not a lock backfill made: it is refused
// even then.

export const DEFAULT_LOCK_DIR = '/tmp/backfill-locks';

/** A lock this process (or, after transferLock, its runner host) holds; serializable. */
/** The lock a run holds (in launch.json, handed from the launcher to the runner host). */
export const heldLockSchema = z.object({
  file: z.string(),
  warehouse: z.string(),
  runId: z.string(),
  /** Where the warehouse marker is, when the warehouse has one. */
  marker: z.string().optional(),
});
export type HeldLock = z.infer<typeof heldLockSchema>;

export type LockResult =
  | { ok: true; lock: HeldLock; tookOverFrom?: LockHolder; notices: string[] }
  | { ok: false; message: string };

export interface LockOptions {
  /** Remove a lock whose owner cannot be checked from here (another machine's, or unreadable). Never a live one of this machine. */
  forceUnlock?: boolean;
  /** How the run is owned: by a runner host one can attach to, or by a headless console in the foreground. */
  mode?: 'detached' | 'foreground';
  lockDir?: string;
  /** The run's runs dir, recorded so the advice to a refused console names it (`--runs-dir`). */
  runsDir?: string;
  hostname?: string;
  env?: NodeJS.ProcessEnv;
  /** Tests only: called once a lock has been judged stale, before it is removed (where a second console can strike). */
  beforeRemoveStale?: (which: 'machine' | 'marker', where: string) => void | Promise<void>;
}

export function lockDirFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.BACKFILL_LOCK_DIR || DEFAULT_LOCK_DIR;
}

export function lockFileFor(warehouse: string, lockDir: string = lockDirFrom()): string {
  const key = createHash('sha256').update(warehouse).digest('hex').slice(0, 16);
  return path.join(lockDir, `warehouse-${key}.lock`);
}

/** The shared lock folder: created sticky and world-writable like /tmp, so every user's consoles meet there
 *  and none can remove another's lock. A symlink to a folder is a folder. Resolves to the refusal in words
 *  when it is not a folder that can be used. */
function ensureLockDir(dir: string, named: boolean): string | undefined {
  // The folder comes from the environment: named escaped and whole (a line break or an escape sequence in it
  // is shown, not acted on), the message through the one sanitizer.
  const refuse = (what: string, fix = `set BACKFILL_LOCK_DIR to a folder${named ? ` (or unset it to use ${DEFAULT_LOCK_DIR})` : ''}`) =>
    terminalSafeLines(
      `backfill: ${named ? `BACKFILL_LOCK_DIR=${shownWhole(dir)}` : `the lock folder ${shownWhole(dir)} (BACKFILL_LOCK_DIR)`} ${what}: ${fix}. Nothing was started.\n`,
    );
  let made: string[];
  try {
    made = makeFolders(dir);
  } catch (error) {
    if (!(error instanceof FolderError)) throw error;
    if (error.folder === path.resolve(dir)) return refuse(error.reason);
    if (error.code === 'ENOTDIR') return refuse(`is below ${shownWhole(error.folder)}, which ${error.reason}`);
    return refuse(`cannot be created: ${shownWhole(error.folder)} ${error.reason}`);
  }
  if (made.includes(path.resolve(dir))) {
    try {
      fs.chmodSync(dir, 0o1777);
    } catch {
      // not ours to change: a folder someone else made
    }
  }
  return undefined;
}

/** What is at a lock's path: its holder, none (missing, or a file that does not read as one: too large,
 *  garbled), or, when it is not a file at all, what it is ('a folder', 'a FIFO (named pipe)', 'a socket'). */
function readLock(file: string): { holder?: LockHolder; notAFile?: string } {
  let text: string;
  try {
    text = readBoundedFile(file);
  } catch (error) {
    return error instanceof RecordFileError && error.kind !== undefined ? { notAFile: error.kind } : {};
  }
  const holder = tryParseJson(text, lockHolderSchema);
  return holder ? { holder } : {};
}

/** The lock's holder; undefined when the lock is missing or cannot be read as one (a FIFO, too large, garbled). */
function readHolder(file: string): LockHolder | undefined {
  return readLock(file).holder;
}

/** The machine lock that names run `runId`, if one of the lock folder's does (for judging whether it lives). */
export function machineLockOfRun(runId: string, env: NodeJS.ProcessEnv = process.env): LockHolder | undefined {
  const dir = lockDirFrom(env);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => /^warehouse-[0-9a-f]+\.lock$/.test(name));
  } catch {
    return undefined;
  }
  for (const name of names) {
    const holder = readHolder(path.join(dir, name));
    if (holder?.runId === runId) return holder;
  }
  return undefined;
}

function holderFor(runId: string, warehouse: string, pid: number, host: string, mode: LockOptions['mode'], runsDir?: string): LockHolder {
  return {
    runId,
    host,
    pid,
    startTime: processStartTime(pid),
    warehouse,
    since: new Date().toISOString(),
    user: os.userInfo().username,
    ...(mode ? { mode } : {}),
    ...(runsDir ? { runsDir } : {}),
  };
}

/** Takes the machine lock, then the warehouse marker. Resolves to the held lock or the refusal in words. */
export async function acquireWarehouseLock(warehouse: string, runId: string, options: LockOptions = {}): Promise<LockResult> {
  const host = options.hostname ?? os.hostname();
  const named = Boolean(options.lockDir ?? (options.env ?? process.env).BACKFILL_LOCK_DIR);
  const dir = options.lockDir ?? lockDirFrom(options.env);
  const badDir = ensureLockDir(dir, named);
  if (badDir) return { ok: false, message: badDir };
  const force = options.forceUnlock === true;
  const mine = holderFor(runId, warehouse, process.pid, host, options.mode, options.runsDir);
  const machine = await takeMachineLock(lockFileFor(warehouse, dir), mine, host, force, options.beforeRemoveStale);
  if (!machine.ok) return machine;
  const lock: HeldLock = { file: machine.file, warehouse, runId };
  const notices = [...machine.notices];
  let tookOverFrom = machine.tookOverFrom;

  const marker = markerFor(warehouse, options.env);
  if (marker) {
    lock.marker = marker.location;
    try {
      let removed = false;
      let busy = 0;
      let changed = 0;
      for (;;) {
        const result = await marker.create(mine);
        if (result.created) break;
        if (result.notAFile !== undefined) {
          releaseMachineLock(lock);
          return { ok: false, message: formatNotAMarker(marker.location, result.notAFile, warehouse) };
        }
        const other = result.holder;
        const owner = ownerLiveness(other, host);
        const ours = other?.runId === runId; // this run's own, left by a release that failed
        if (owner.verdict === 'alive' && !ours) {
          releaseMachineLock(lock);
          return { ok: false, message: formatLockHeld(other!, marker.location) };
        }
        if (!removed && changed < 10 && (ours || owner.verdict === 'gone' || force)) {
          await options.beforeRemoveStale?.('marker', marker.location);
          // Removed only if it is still the marker judged (another console, with another lock folder, may be
          // taking it over at the same moment): otherwise it is read and judged again.
          const outcome = await marker.removeStale(result.seen);
          if (outcome === 'busy') {
            if (++busy > BUSY_TRIES) {
              releaseMachineLock(lock);
              return { ok: false, message: formatTakeoverStuck(marker.location, takeoverFileFor(marker.location, result.seen!)) };
            }
            await sleep(BUSY_WAIT_MS);
            continue;
          }
          if (outcome === 'removed') {
            removed = true;
            if (owner.verdict === 'gone' && !ours) tookOverFrom ??= other;
            else if (!ours) notices.push(forcedMessage(other, marker.location));
          } else changed++;
          continue;
        }
        releaseMachineLock(lock);
        return { ok: false, message: formatUnproven(other, marker.location, warehouse, owner.why, host) };
      }
    } catch (error) {
      releaseMachineLock(lock);
      const message = `backfill: could not take the lock in the warehouse (${marker.location}): ${(error as Error).message}\nCheck that the warehouse is reachable and writable.\n`;
      return { ok: false, message: terminalSafeLines(message) };
    }
  }
  return { ok: true, lock, notices, ...(tookOverFrom ? { tookOverFrom } : {}) };
}

async function takeMachineLock(
  file: string,
  mine: LockHolder,
  host: string,
  force: boolean,
  beforeRemoveStale?: LockOptions['beforeRemoveStale'],
): Promise<{ ok: true; file: string; tookOverFrom?: LockHolder; notices: string[] } | { ok: false; message: string }> {
  const content = `${JSON.stringify(mine)}\n`;
  let tookOverFrom: LockHolder | undefined;
  const notices: string[] = [];
  let busy = 0;
  for (let attempt = 0; attempt < 3; ) {
    try {
      createFileExclusive(file, content);
      return { ok: true, file, notices, ...(tookOverFrom ? { tookOverFrom } : {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Locks are created whole (createFileExclusive), so one that cannot be read is garbage, not one being written.
    // Read once: what is judged here is what a takeover removes, or nothing (stale-takeover.ts).
    const read = readForTakeover(file);
    if (read.missing) {
      attempt++;
      continue;
    }
    // Not a file: backfill did not make it, and removing it (a folder's contents) is not what --force-unlock vouches for.
    if (read.notAFile !== undefined) return { ok: false, message: formatNotALock(file, read.notAFile, mine.warehouse) };
    const holder = read.text === undefined ? undefined : tryParseJson(read.text, lockHolderSchema);
    const owner = ownerLiveness(holder, host);
    if (owner.verdict === 'alive') return { ok: false, message: formatLockHeld(holder!, file) };
    if (owner.verdict === 'unknown' && !force) return { ok: false, message: formatUnproven(holder, file, mine.warehouse, owner.why, host) };
    await beforeRemoveStale?.('machine', file);
    // Removed only if it is still the lock judged, so that of two consoles taking it over the slower never removes
    // the lock the faster has just made.
    const outcome = removeIfUnchanged(file, read.identity);
    if (outcome === 'busy') {
      if (++busy > BUSY_TRIES) return { ok: false, message: formatTakeoverStuck(file, takeoverFileFor(file, read.identity)) };
      await sleep(BUSY_WAIT_MS);
      continue;
    }
    attempt++;
    if (outcome === 'removed') {
      if (owner.verdict === 'unknown') notices.push(forcedMessage(holder, file));
      else tookOverFrom = holder;
    }
  }
  const holder = readHolder(file);
  return { ok: false, message: holder ? formatLockHeld(holder, file) : `backfill: could not take the warehouse lock ${file}; try again.\n` };
}

/** How long a console waits for another that is taking over the same stale lock (it takes a few milliseconds). */
const BUSY_WAIT_MS = 25;
const BUSY_TRIES = 80;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A takeover file left by a console killed while taking over a stale lock. */
function formatTakeoverStuck(lock: string, takeover: string): string {
  return terminalSafeLines(
    `backfill: another console is taking over the stale lock ${lock} (${takeover} exists) and has not finished.\n` +
      `If no other backfill is starting, remove it and start again: ${shellQuote(['rm', takeover])}\n`,
  );
}

/** Hands the lock to another process (the runner host) of the same run: the machine lock and the warehouse
 *  marker then name that process, so neither looks stale once the launcher has gone. Resolves to a problem in
 *  words, if the marker could not be rewritten. */
export async function transferLock(lock: HeldLock, pid: number, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const holder = readHolder(lock.file);
  if (holder?.runId !== lock.runId) return undefined;
  const owner: LockHolder = { ...holder, pid, startTime: processStartTime(pid), mode: 'detached' };
  writeFileAtomic(lock.file, `${JSON.stringify(owner)}\n`);
  const marker = lock.marker ? markerFor(lock.warehouse, env) : undefined;
  try {
    await marker?.replace(owner);
  } catch (error) {
    return `could not hand the warehouse lock ${lock.marker} to pid ${pid}: ${(error as Error).message}`;
  }
  return undefined;
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

/** How to watch the holder's run: a runner host to attach to, or a headless console (no host) to follow. */
function watchAdvice(holder: LockHolder, on?: string): string {
  const there = on ? `, on ${on}` : '';
  const run = shellQuote(holder.runsDir ? [holder.runId, '--runs-dir', holder.runsDir] : [holder.runId]);
  if (holder.mode === 'foreground') return `It runs headless (no runner host to attach to). To follow it${there}: backfill logs ${run} --follow`;
  if (holder.mode === 'detached') return `To watch it${there}: backfill attach ${run}`;
  return `To watch it${there}: backfill attach ${run} (a headless run: backfill logs ${run} --follow)`;
}

// A lock's fields are read from a file anyone with access to the warehouse can write: every message naming
// them passes the one sanitizer (the commands in them are shell-quoted, which it leaves as they are).
export function formatLockHeld(holder: LockHolder, where?: string): string {
  return terminalSafeLines(
    `backfill: run ${holder.runId} is writing to ${holder.warehouse} (${since(holder)}${holder.user ? `, user ${holder.user}` : ''}${where ? `; lock ${where}` : ''}).\n` +
      `Only one backfill may write to a warehouse at a time. ${watchAdvice(holder)}\n`,
  );
}

/** A lock whose owner cannot be proven gone (or alive): another machine's, one without a start time, an unreadable one. */
function formatUnproven(holder: LockHolder | undefined, where: string, warehouse: string, why: string, here: string): string {
  return terminalSafeLines(unprovenMessage(holder, where, warehouse, why, here));
}

function unprovenMessage(holder: LockHolder | undefined, where: string, warehouse: string, why: string, here: string): string {
  if (!holder) {
    return (
      `backfill: ${where} exists but is not a backfill lock this version can read, so ${warehouse} may be in use (an unreadable lock never proves its run is over).\n` +
      `If no backfill writes to it, clear the lock by adding --force-unlock.\n`
    );
  }
  if ((holder.host ?? here) !== here) {
    return (
      `backfill: run ${holder.runId} on host ${holder.host} is writing to ${holder.warehouse} (${since(holder)}; lock ${where}).\n` +
      `Only one backfill may write to a warehouse at a time. ${watchAdvice(holder, holder.host)}\n` +
      `If ${holder.host} is gone and its run with it, clear the lock by adding --force-unlock.\n`
    );
  }
  return (
    `backfill: run ${holder.runId} may be writing to ${holder.warehouse} (${since(holder)}; lock ${where}): ${why}.\n` +
    `Only one backfill may write to a warehouse at a time. ${watchAdvice(holder)}\n` +
    `If that run is over, clear the lock by adding --force-unlock.\n`
  );
}

/** Something that is not a file where the machine lock goes: refused with and without --force-unlock. */
function formatNotALock(file: string, kind: string, warehouse: string): string {
  return terminalSafeLines(
    `backfill: the machine lock of ${warehouse}, ${file}, is ${kind}, not a lock file backfill writes, so the warehouse may be in use; ` +
      `--force-unlock removes only a lock file.\n` +
      `If no backfill writes to ${warehouse}, move it aside and start again: ${shellQuote(['mv', file, `${file}.aside`])}\n`,
  );
}

/** Something that is not a file where the warehouse's marker goes: refused with and without --force-unlock. */
function formatNotAMarker(location: string, kind: string, warehouse: string): string {
  return terminalSafeLines(
    `backfill: the lock in the warehouse ${warehouse}, ${location}, is ${kind}, not a lock file backfill writes, so the warehouse may be in use; ` +
      `--force-unlock removes only a lock file.\n` +
      `If no backfill writes to ${warehouse}, move it aside and start again: ${shellQuote(['mv', location, `${location}.aside`])}\n`,
  );
}

function forcedMessage(holder: LockHolder | undefined, where: string): string {
  return terminalSafeLines(forcedText(holder, where));
}

function forcedText(holder: LockHolder | undefined, where: string): string {
  return holder
    ? `backfill: --force-unlock: removed the lock of run ${holder.runId}${holder.host ? ` on host ${holder.host}` : ''} (${since(holder)}) from ${where}.\n`
    : `backfill: --force-unlock: removed the unreadable lock ${where}.\n`;
}

export function formatLockTakenOver(holder: LockHolder, stopped: number): string {
  const leftovers = stopped > 0 ? ` Stopped ${stopped} process(es) it had left running.` : '';
  // The holder is read from a lock file or a marker in the warehouse, which anyone who can write there wrote.
  return terminalSafeLines(`backfill: took over the warehouse lock of run ${shown(holder.runId)} (pid ${shown(String(holder.pid))} is gone).${leftovers}\n`);
}
