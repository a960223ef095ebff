import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isoTime } from '../runner/folder/run-record-schema.js';
import { InvalidRecordError, parseJson } from '../runner/folder/validated-json.js';
import { readBoundedFile, RecordFileError } from '../runner/folder/bounded-file.js';
import { writeFileAtomic } from '../runner/folder/atomic-file.js';
import type { RunRecord, RunStatus } from '../runner/run/run-types.js';
import { processStartTime } from '../runner/process/proc.js';
import { ownerLiveness, probeSocket, type Liveness } from './liveness.js';
import { socketDirCandidates } from './socket-location.js';
import { machineLockOfRun } from './warehouse-lock.js';

// host.json names the process that owns a run: the detached runner host, or a headless backfill.
// A run whose record says running while that process is gone was interrupted (kill -9, a reboot); see
// judgeRun for what proves which (the one liveness rule of liveness.ts).

export const HOST_INFO_FILE = 'host.json';
export const CONTROL_SOCKET_FILE = 'control.sock';

/** host.json as read. */
export const hostInfoSchema = z.looseObject({
  pid: z.number().int().positive(),
  /** Kernel start time of `pid`, so a reused pid is not taken for the host. */
  startTime: z.string().optional(),
  startedAt: isoTime,
  /** `detached` when a runner host owns the run (it has a control socket), else `foreground`. */
  mode: z.enum(['detached', 'foreground']),
  /** The run this one resumes. */
  resumedFrom: z.string().optional(),
  /** The machine the owner runs on: runs dirs can be shared (NFS), processes and sockets cannot. */
  hostname: z.string().optional(),
  /** The control socket of a detached host (in a short private folder, not the run folder). */
  socketPath: z.string().optional(),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

/** What history and attach show: the record's status; `interrupted` when its owner is proven gone mid-run;
 *  `unknown` when nothing proves it alive or gone (an unreadable host.json, a pid without a start time). */
export type RunState = RunStatus | 'interrupted' | 'unknown';

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

/** host.json as read: the record, or why there is none, in words naming the file. */
export type HostInfoRead = { info: HostInfo; problem?: undefined } | { info?: undefined; problem: string };

/** host.json, checked, or why it cannot be used: missing, a FIFO, too large, not JSON, the wrong shape. */
export function readHostInfoOrProblem(runDir: string): HostInfoRead {
  const file = path.join(runDir, HOST_INFO_FILE);
  try {
    return { info: parseJson(readBoundedFile(file), hostInfoSchema, file) };
  } catch (error) {
    if (error instanceof RecordFileError || error instanceof InvalidRecordError) return { problem: error.message };
    return { problem: `${file} cannot be read (${(error as Error).message})` };
  }
}

/** host.json, checked; undefined when it is missing or cannot be read as one (a FIFO, too large, the wrong shape). */
export function readHostInfo(runDir: string): HostInfo | undefined {
  return readHostInfoOrProblem(runDir).info;
}

/** True when the owner runs on another machine: its liveness cannot be checked from here. */
export function isOnOtherMachine(info: HostInfo | undefined): boolean {
  return info?.hostname !== undefined && info.hostname !== os.hostname();
}

/** The owner as host.json names it, judged by the one liveness rule. */
export function hostLiveness(info: HostInfo | undefined): Liveness {
  return ownerLiveness(info && { pid: info.pid, ...(info.startTime ? { startTime: info.startTime } : {}), ...(info.hostname ? { host: info.hostname } : {}) });
}

export interface RunJudgement {
  state: RunState;
  /** Why it is interrupted or unknown, in words. */
  why?: string;
  host: HostInfo | undefined;
  /** The control socket that answered (found without host.json when that cannot be read). */
  socket?: string;
  /** A control socket file of the run that refuses connections: its host is dead (kill -9). */
  deadSocket?: string;
}

/**
 * Whether a run whose record says running is alive. Alive when any of these says so: its owner's pid with its
 * start time (host.json), its control socket (it answers), the machine lock (it names the run, and its holder
 * is alive). Interrupted only when host.json proves the owner gone and neither socket nor lock says otherwise.
 * Anything else is unknown: an unreadable or edited record never makes a run interrupted (resume would stop it).
 */
export async function judgeRun(runDir: string, record: RunRecord, env: NodeJS.ProcessEnv = process.env): Promise<RunJudgement> {
  const { info: host, problem: hostProblem } = readHostInfoOrProblem(runDir);
  if (record.status !== 'running') return { state: record.status, host };
  // Owned on another machine: its pid means nothing here, and calling it interrupted would invite a resume
  // that writes beside it.
  if (isOnOtherMachine(host)) return { state: 'running', host };
  const owner = hostLiveness(host);
  if (owner.verdict === 'alive') return { state: 'running', host };
  let deadSocket: string | undefined;
  for (const socket of socketCandidates(runDir, record.id, host, env)) {
    const state = await probeSocket(socket);
    if (state === 'answers') return { state: 'running', host, socket };
    if (state === 'dead') deadSocket ??= socket;
  }
  const lock = machineLockOfRun(record.id, env);
  if (lock && ownerLiveness(lock).verdict === 'alive') return { state: 'running', host };
  const socketWords = deadSocket ? `; its control socket ${deadSocket} refuses connections` : '';
  if (owner.verdict === 'gone') return { state: 'interrupted', why: `${owner.why}${socketWords}`, host, ...(deadSocket ? { deadSocket } : {}) };
  return {
    state: 'unknown',
    why: `host.json cannot prove it alive or gone: ${hostProblem ?? owner.why}; no control socket of it answers and no machine lock names it`,
    host,
  };
}

export async function runState(runDir: string, record: RunRecord, env: NodeJS.ProcessEnv = process.env): Promise<RunState> {
  return (await judgeRun(runDir, record, env)).state;
}

/** Where the run's socket can be: as host.json says; without it, where this version and older ones put it. */
function socketCandidates(runDir: string, runId: string, host: HostInfo | undefined, env: NodeJS.ProcessEnv): string[] {
  if (host?.socketPath) return [host.socketPath];
  if (host?.mode === 'foreground') return [];
  return [path.join(runDir, CONTROL_SOCKET_FILE), ...socketDirCandidates(env).map((dir) => path.join(dir, `${runId}.sock`))];
}

/** Where a run's control socket is: as host.json says, else (runs of older versions) in the run folder. */
export function controlSocketPath(runDir: string, info: HostInfo | undefined = readHostInfo(runDir)): string {
  return info?.socketPath ?? path.join(runDir, CONTROL_SOCKET_FILE);
}
