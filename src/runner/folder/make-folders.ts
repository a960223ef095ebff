import fs from 'node:fs';
import path from 'node:path';
import { kindOf } from './bounded-file.js';

// Node's recursive mkdir never ends on a path whose parent exists but takes no new entry and says ENOENT
// (/proc/x: it makes /proc, gets EEXIST, tries /proc/x again, forever). The folders an operator names (the runs
// dir, the warehouse, the lock and socket folders) and those under them are made here instead: each missing
// level below the nearest one that exists, with one plain mkdir, so making a folder ends, and fails in words.

/** A folder that cannot be had: `folder` (the one asked for, or the ancestor in the way) and why. */
export class FolderError extends Error {
  constructor(
    readonly folder: string,
    /** The rest of a sentence after the folder: "is a FIFO (named pipe), not a folder". */
    readonly reason: string,
    /** The system's code (ENOENT, EACCES, ENOSPC, EROFS), or ENOTDIR for something that is not a folder. */
    readonly code: string,
  ) {
    super(`${folder} ${reason}`);
  }
}

/** The nearest folder of `dir` that exists (`dir` itself, or an ancestor) and the levels below it that do not,
 *  top first. Throws FolderError when what is there is not a folder, or is a link to nothing. */
export function nearestFolder(dir: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let found: fs.Stats | undefined;
    try {
      found = fs.lstatSync(at);
    } catch (error) {
      const code = codeOf(error);
      // ENOTDIR: an ancestor is not a folder, which the walk up names.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new FolderError(at, `cannot be looked at (${code})`, code);
    }
    if (found) {
      const target = found.isSymbolicLink() ? followed(at) : found;
      if (!target.isDirectory()) throw new FolderError(at, `is ${kindOf(target)}, not a folder`, 'ENOTDIR');
      return { existing: at, missing };
    }
    if (path.dirname(at) === at) throw new FolderError(at, 'does not exist', 'ENOENT');
    missing.unshift(at);
  }
}

function followed(link: string): fs.Stats {
  try {
    return fs.statSync(link);
  } catch (error) {
    const code = codeOf(error);
    throw new FolderError(link, code === 'ENOENT' ? 'is a link to nothing' : `is a link that cannot be followed (${code})`, code);
  }
}

/** Makes `dir` and the missing folders above it (each with `mode`); returns those it made, top first. Throws
 *  FolderError naming the level that could not be made and why. */
export function makeFolders(dir: string, mode?: number): string[] {
  const { missing } = nearestFolder(dir);
  for (const level of missing) {
    try {
      fs.mkdirSync(level, mode === undefined ? undefined : { mode });
    } catch (error) {
      const code = codeOf(error);
      // Made meanwhile by another process: as good as made here, if it is a folder.
      if (code === 'EEXIST') {
        nearestFolder(level);
        continue;
      }
      throw new FolderError(level, `cannot be made (${mkdirRefusal(code)})`, code);
    }
  }
  return missing;
}

/** Why a folder took no new folder, in words, from mkdir's error code (ENOENT where the parent exists: /proc). */
function mkdirRefusal(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'a kernel file system such as /proc';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return code;
  }
}

/** Why no new folder can be made in folder `dir`, or undefined: tried by making (and removing) one, since
 *  permission bits do not bind root, and /proc or /sys refuse whatever they say. */
export function newFolderRefusal(dir: string): string | undefined {
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, '.backfill-probe-')));
    return undefined;
  } catch (error) {
    return mkdirRefusal(codeOf(error));
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EIO';
}
