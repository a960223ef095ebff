import fs from 'node:fs';
import path from 'node:path';

let tmpCounter = 0;

/**
 * Replaces `file` with `content` so that a reader, a crash or a power cut leaves the old file or the new one,
 * never half of either: written to a temporary file beside it, flushed to disk, renamed over it, and the
 * folder flushed so the rename itself survives.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  syncFolder(path.dirname(file));
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a folder; the file itself is on disk.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Creates `file` with `content` only if it does not exist (EEXIST otherwise), whole or not at all: written
 * beside it first, then hard-linked into place, so no reader ever sees it empty or half written.
 */
export function createFileExclusive(file: string, content: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file system without hard links: O_EXCL, with its short window in which the file is empty.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    fs.writeFileSync(file, content, { flag: 'wx', mode });
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncFolder(path.dirname(file));
}
