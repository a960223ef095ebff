import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostInfoSchema } from '../records/run-record-schema.js';
import { tryParseJson } from '../records/validated-json.js';
import { writeFileAtomic } from '../runner/atomic-file.js';
import type { RunRecord, RunStatus } from '../runner/types.js';
import { isProcessAlive, processStartTime } from '../runner/proc.js';

// host.json names the process that owns a run: the detached runner host, or a headless backfill.
// A run whose record says running while that process is gone was interrupted (kill -9, a reboot).

export const HOST_INFO_FILE = 'host.json';
export const CONTROL_SOCKET_FILE = 'control.sock';

export interface HostInfo {
  pid: number;
  /** Kernel start time of `pid`, so a reused pid is not taken for the host. */
  startTime?: string;
  startedAt: string;
  /** `detached` when a runner host owns the run (it has a control socket), else `foreground`. */
  mode: 'detached' | 'foreground';
  /** The run this one resumes. */
  resumedFrom?: string;
  /** The machine the owner runs on: runs dirs can be shared (NFS), processes and sockets cannot. */
  hostname?: string;
  /** The control socket of a detached host (in a short private folder, not the run folder). */
  socketPath?: string;
}

/** What history and attach show: the record's status, or `interrupted` when its owner died mid-run. */
export type RunState = RunStatus | 'interrupted';

export function describeHost(mode: HostInfo['mode'], resumedFrom?: string, socketPath?: string): HostInfo {
  return {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
    mode,
    hostname: os.hostname(),
    ...(resumedFrom ? { resumedFrom } : {}),
    ...(socketPath ? { socketPath } : {}),
  };
}

export function writeHostInfo(runDir: string, info: HostInfo): void {
  writeFileAtomic(path.join(runDir, HOST_INFO_FILE), `${JSON.stringify(info)}\n`);
}

export function readHostInfo(runDir: string): HostInfo | undefined {
  try {
    return tryParseJson(fs.readFileSync(path.join(runDir, HOST_INFO_FILE), 'utf8'), hostInfoSchema);
  } catch {
    return undefined;
  }
}

/** True when the owner runs on another machine: its liveness cannot be checked from here. */
export function isOnOtherMachine(info: HostInfo | undefined): boolean {
  return info?.hostname !== undefined && info.hostname !== os.hostname();
}

export function isHostAlive(info: HostInfo | undefined): boolean {
  if (info === undefined) return false;
  // A run owned on another machine is taken as alive: its pid means nothing here, and calling it
  // interrupted would invite a resume that writes beside it.
  if (isOnOtherMachine(info)) return true;
  return isProcessAlive(info.pid, info.startTime);
}

export function runState(runDir: string, record: RunRecord): RunState {
  if (record.status !== 'running') return record.status;
  return isHostAlive(readHostInfo(runDir)) ? 'running' : 'interrupted';
}

/** Where a run's control socket is: as host.json says, else (runs of older versions) in the run folder. */
export function controlSocketPath(runDir: string, info: HostInfo | undefined = readHostInfo(runDir)): string {
  return info?.socketPath ?? path.join(runDir, CONTROL_SOCKET_FILE);
}
