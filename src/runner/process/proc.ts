import fs from 'node:fs';

// Every read of Linux /proc: process liveness, identity (start time), groups and environments.

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, session, ...]. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The kernel's start time of the process (clock ticks since boot); with the pid it names one process for good. */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

export function processGroupOf(pid: number): number | undefined {
  const group = statFields(pid)?.[2];
  return group === undefined ? undefined : Number(group);
}

/**
 * True while the process exists and is not a zombie. With `startTime`, also that it is the same process
 * and not a later one that reused the pid.
 */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  const fields = statFields(pid);
  if (!fields || !isRunningState(pid, fields[0])) return false;
  return startTime === undefined || fields[19] === startTime;
}

/** /proc/<pid>/stat shows the main thread's state. A main thread that ended before its other threads shows `Z`
 *  while they still run and hold the process's files (its sockets still accept, as after kill -9 under load):
 *  the process is gone only when no thread is left. */
function isRunningState(pid: number, state: string | undefined): boolean {
  if (state !== 'Z' && state !== 'X') return true;
  try {
    return fs.readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    return false;
  }
}

/** The pids /proc lists now. */
function listedPids(): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

/** Pids of the group's processes that are not zombies. */
export function liveProcessesOfGroup(pgid: number): number[] {
  return listedPids().filter((pid) => {
    const fields = statFields(pid);
    return fields !== undefined && Number(fields[2]) === pgid && isRunningState(pid, fields[0]);
  });
}

/** Pids of live processes whose environment holds every one of `entries` (`NAME=value`) and none of the
 *  variables named in `unlessSet`. */
export function processesWithEnv(entries: readonly string[], unlessSet: readonly string[] = []): number[] {
  const excluded = unlessSet.map((name) => `${name}=`);
  const pids: number[] = [];
  for (const pid of listedPids()) {
    let environ: string[];
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    } catch {
      continue; // gone, or not ours to read
    }
    if (!entries.every((entry) => environ.includes(entry))) continue;
    if (excluded.some((prefix) => environ.some((entry) => entry.startsWith(prefix)))) continue;
    if (isProcessAlive(pid)) pids.push(pid);
  }
  return pids;
}
