import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFolders } from '../runner/folder/make-folders.js';

// A Unix socket's path must fit in sun_path: 108 bytes on Linux, with the terminating NUL. A socket in a deep
// runs dir (an NFS home, a long --runs-dir) would be cut silently, so control sockets live in a short private
// folder of the user's instead, and host.json records where.

/** Longest socket path the kernel takes (Linux sun_path is 108 bytes with its NUL; macOS 104). */
export const MAX_SOCKET_PATH_BYTES = 103;

/** The user's private folder for control sockets: `$XDG_RUNTIME_DIR/backfill`, else `/tmp/backfill-<uid>`. */
export function socketDirCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().uid;
  const candidates: string[] = [];
  if (env.BACKFILL_SOCKET_DIR) candidates.push(env.BACKFILL_SOCKET_DIR);
  if (env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)) candidates.push(path.join(env.XDG_RUNTIME_DIR, 'backfill'));
  candidates.push(path.join(os.tmpdir(), `backfill-${uid}`), `/tmp/backfill-${uid}`);
  return [...new Set(candidates)];
}

/** Creates `dir` 0700 if needed and checks it is a real folder of this user that nobody else can enter
 *  (in /tmp, another user could have made it first to catch the sockets). */
function privateDir(dir: string): boolean {
  try {
    makeFolders(dir, 0o700);
    const stat = fs.lstatSync(dir);
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) return false;
    if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    return true;
  } catch {
    return false;
  }
}

/** Where the control socket of `runId` goes: the first private folder whose path fits, or an error saying why. */
export function controlSocketFor(runId: string, env: NodeJS.ProcessEnv = process.env): { ok: true; path: string } | { ok: false; message: string } {
  const tried: string[] = [];
  for (const dir of socketDirCandidates(env)) {
    const socket = path.join(dir, `${runId}.sock`);
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) {
      tried.push(`${dir} (path too long for a socket)`);
      continue;
    }
    if (!privateDir(dir)) {
      tried.push(`${dir} (not a private folder of this user)`);
      continue;
    }
    return { ok: true, path: socket };
  }
  return { ok: false, message: `no folder for the run's control socket: tried ${tried.join(', ')}. Set BACKFILL_SOCKET_DIR to a short private folder.` };
}
