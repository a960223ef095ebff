import { setTimeout as delay } from 'node:timers/promises';
import { HELPER_MARKER } from '../runner/process/helper-process.js';
import { isProcessAlive, processesWithEnv, processGroupOf } from '../runner/process/proc.js';

// Every process a stage starts carries BACKFILL_RUN_ID and BACKFILL_STAGE in its environment. Some leave the
// stage's process group (pyspark's worker daemon calls setpgid, a job may setsid): these are found by their
// environment instead, through /proc. A helper backfill itself runs (`--notify-cmd`, which gets BACKFILL_RUN_ID
// too) carries HELPER_MARKER and is not one of them: it has a deadline of its own (src/runner/process/helper-process.ts).

export function runProcessMarkers(runId: string, stage?: string): string[] {
  return [`BACKFILL_RUN_ID=${runId}`, ...(stage === undefined ? [] : [`BACKFILL_STAGE=${stage}`])];
}

/** Live processes of the run (of one stage when given), this process and helpers excepted. */
export function processesOfRun(runId: string, stage?: string): number[] {
  return processesWithEnv(runProcessMarkers(runId, stage), [HELPER_MARKER]).filter((pid) => pid !== process.pid);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/** Signals each process and, when it leads or shares a group of its own (not ours), the whole group. */
function signalAll(pids: readonly number[], name: NodeJS.Signals): void {
  const ownGroup = processGroupOf(process.pid);
  const groups = new Set<number>();
  for (const pid of pids) {
    const group = processGroupOf(pid);
    if (group !== undefined && group > 1 && group !== ownGroup) groups.add(group);
    signal(pid, name);
  }
  for (const group of groups) signal(-group, name);
}

export interface SweepOptions {
  stage?: string;
  /** How long SIGTERM is given before SIGKILL; 0 sends SIGKILL at once. */
  graceMs: number;
  pollMs?: number;
}

/**
 * Stops every process that carries the run's markers: SIGTERM (to it and its group), then SIGKILL to what
 * outlives the grace period. Resolves to the pids found, once none of them is alive (bounded wait).
 */
export async function sweepRunProcesses(runId: string, options: SweepOptions): Promise<number[]> {
  const found = processesOfRun(runId, options.stage);
  if (found.length === 0) return [];
  const pollMs = options.pollMs ?? 50;
  const alive = () => processesOfRun(runId, options.stage).concat(found.filter((pid) => isProcessAlive(pid)));
  if (options.graceMs > 0) {
    signalAll(found, 'SIGTERM');
    for (const deadline = Date.now() + options.graceMs; Date.now() < deadline && alive().length > 0; ) await delay(pollMs);
  }
  for (let round = 0; round < 3; round++) {
    const left = [...new Set(alive())];
    if (left.length === 0) break;
    signalAll(left, 'SIGKILL');
    for (const deadline = Date.now() + 2000; Date.now() < deadline && left.some((pid) => isProcessAlive(pid)); ) await delay(pollMs);
  }
  return found;
}
