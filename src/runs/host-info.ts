import fs from 'node:fs';
import path from 'node:path';
import { hostInfoSchema } from '../records/run-record-schema.js';
import { tryParseJson } from '../records/validated-json.js';
import { writeFileAtomic } from '../runner/run-folder.js';
import type { RunRecord, RunStatus } from '../runner/types.js';
import { isProcessAlive, processStartTime } from './proc.js';

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
}

/** What history and attach show: the record's status, or `interrupted` when its owner died mid-run. */
export type RunState = RunStatus | 'interrupted';

export function describeHost(mode: HostInfo['mode'], resumedFrom?: string): HostInfo {
  return {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
    mode,
    ...(resumedFrom ? { resumedFrom } : {}),
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

export function isHostAlive(info: HostInfo | undefined): boolean {
  return info !== undefined && isProcessAlive(info.pid, info.startTime);
}

export function runState(runDir: string, record: RunRecord): RunState {
  if (record.status !== 'running') return record.status;
  return isHostAlive(readHostInfo(runDir)) ? 'running' : 'interrupted';
}

export function controlSocketPath(runDir: string): string {
  return path.join(runDir, CONTROL_SOCKET_FILE);
}
