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
