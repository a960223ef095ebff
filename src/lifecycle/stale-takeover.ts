import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { kindOf, RECORD_MAX_BYTES } from '../runner/folder/bounded-file.js';
import { createFileExclusive } from '../runner/folder/atomic-file.js';

// Taking over a stale lock file (the machine lock, a file:// warehouse's marker) without ever removing a fresh one.
// Two consoles may judge the same stale lock at once; the slower one must not remove the lock the faster one
// has just created in its place. Removing is therefore "remove only if it is still what I judged":
// 1. the lock is read once, and what was read (its bytes) is its identity;
// 2. the taker creates `<lock>.<identity>.takeover` exclusively: of all consoles that judged this very lock
//    stale, one at a time holds it (the others are told `busy`, wait and look again);
// 3. holding it, the taker reads the lock again: if it is no longer what was judged (another console took it
//    over and made its own), the taker lets go and looks again, nothing removed;
// 4. otherwise the lock is still the stale one, and only a holder of its takeover file removes it, so the taker
//    renames it aside, checks once more that what it moved is what it judged (putting it back, if the place is
//    free, when it is not), removes it, and lets go.
// A console only ever holds the lock by creating it exclusively, and no console removes a lock it has not
// judged and re-read under that lock's takeover file: so of two consoles, never both hold it.
// A console killed between 2 and 4 leaves the takeover file; the next console waits for it, then refuses,
// naming it (it is removed by hand once no other backfill is starting).

/** What is at a lock's path, read once: missing; not a file ('a folder', ...); or its text (undefined when larger
 *  than any lock) and its identity, a digest of its bytes. */
export type LockRead = { missing: true } | { missing?: false; notAFile: string } | { missing?: false; notAFile?: undefined; text: string | undefined; identity: string };

export function readForTakeover(file: string): LockRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { missing: true };
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch {
      return { missing: true };
    }
    if (!stat.isFile()) return { notAFile: kindOf(stat) };
    // A file that cannot be opened (EACCES): known by its inode, size and time.
    return { text: undefined, identity: digest(`unreadable:${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { notAFile: kindOf(stat) };
    const buffer = Buffer.alloc(Math.min(RECORD_MAX_BYTES + 1, Math.max(stat.size + 1, 4096)));
    let total = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0 || (total += read) >= buffer.length) break;
    }
    const bytes = buffer.subarray(0, total);
    if (total > RECORD_MAX_BYTES) return { text: undefined, identity: digest(`large:${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${digest(bytes)}`) };
    return { text: bytes.toString('utf8'), identity: digest(bytes) };
  } finally {
    fs.closeSync(fd);
  }
}

function digest(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}

export type TakeoverOutcome =
  /** The stale lock is gone: create yours. */
  | 'removed'
  /** The lock is no longer the one judged (or could not be moved): read it again, nothing was removed. */
  | 'changed'
  /** Another console is taking this very lock over: wait, and read it again. */
  | 'busy';

/** The file that serializes the takeovers of the lock `file` as read (`identity`). */
export function takeoverFileFor(file: string, identity: string): string {
  return `${file}.${identity}.takeover`;
}

/** Removes `file` only if it is still the lock read as `identity`, and no other console removes it meanwhile. */
export function removeIfUnchanged(file: string, identity: string): TakeoverOutcome {
  const takeover = takeoverFileFor(file, identity);
  try {
    createFileExclusive(takeover, `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'busy';
    throw error;
  }
  try {
    const now = readForTakeover(file);
    if (now.missing || now.notAFile !== undefined || now.identity !== identity) return 'changed';
    const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
    try {
      fs.renameSync(file, aside);
    } catch {
      // not ours to move (another user's, in a sticky folder): nothing removed
      return 'changed';
    }
    const moved = readForTakeover(aside);
    if (!moved.missing && moved.notAFile === undefined && moved.identity === identity) {
      fs.rmSync(aside, { force: true });
      return 'removed';
    }
    // Not what was judged (something that does not take takeover files moved it meanwhile): back, if the place is free.
    try {
      fs.linkSync(aside, file);
    } catch {
      // the place is taken again: that lock holds, and what was moved stays aside
      return 'changed';
    }
    fs.rmSync(aside, { force: true });
    return 'changed';
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}
