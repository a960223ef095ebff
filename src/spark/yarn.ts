import { execa } from 'execa';
import { findOnPath } from '../config/executable.js';

export interface YarnKillResult {
  /** True when `yarn application -kill` ran and exited 0. */
  ok: boolean;
  message: string;
}

const LIVE_STATES = new Set(['NEW', 'NEW_SAVING', 'SUBMITTED', 'ACCEPTED', 'RUNNING']);
const STATE_LINE = /^\s*State\s*:\s*(\w+)/m;

/** The application's state as `yarn application -status` reports it (`RUNNING`, `FINISHED`, ...), or undefined. */
export function parseYarnState(statusOutput: string): string | undefined {
  return STATE_LINE.exec(statusOutput)?.[1]?.toUpperCase();
}

/**
 * After an aborted submit's process group is gone, its YARN application may still run (cluster mode).
 * When a `yarn` command is on PATH and the app is still live, kill it. Undefined when nothing was done.
 */
export async function killYarnAppIfRunning(
  appId: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 60_000,
): Promise<YarnKillResult | undefined> {
  if (!/^application_\d+_\d+$/.test(appId)) return undefined;
  const yarn = findOnPath('yarn', env.PATH);
  if (!yarn) return undefined;
  const options = { env, reject: false, timeout: timeoutMs, stdin: 'ignore' as const, all: true };
  const status = await execa(yarn, ['application', '-status', appId], options);
  const state = parseYarnState(String(status.all ?? ''));
  if (state !== undefined && !LIVE_STATES.has(state)) return undefined;
  const kill = await execa(yarn, ['application', '-kill', appId], options);
  const output = String(kill.all ?? '').trim().split('\n').at(-1) ?? '';
  return kill.exitCode === 0
    ? { ok: true, message: `yarn application -kill ${appId}: ${output || 'done'}` }
    : { ok: false, message: `yarn application -kill ${appId} failed (exit ${kill.exitCode ?? kill.signal}): ${output}` };
}
