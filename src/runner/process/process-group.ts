import { liveProcessesOfGroup } from './proc.js';

// A stage runs detached, so it leads its own process group whose id is its pid.
// Signalling `-pgid` reaches the leader and everything it started, grandchildren included.

function isNoSuchProcess(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ESRCH';
}

/** Sends a signal to every process of the group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (isNoSuchProcess(error)) return false;
    throw error;
  }
}

/**
 * True while a process of the group is alive. Killed orphans can stay zombies when pid 1 does not
 * reap them (common in containers); a zombie still answers signal 0, so on Linux /proc decides.
 */
export function isGroupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  try {
    return liveProcessesOfGroup(pgid).length > 0;
  } catch {
    return true;
  }
}
