import { runHelper } from '../runner/process/helper-process.js';
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
  // The yarn script starts a JVM: run as a helper, nothing it leaves behind can keep the stop waiting.
  const run = (args: string[]) => runHelper(yarn, args, { kind: 'yarn', env: { ...process.env, ...env }, timeoutMs });
  const status = await run(['application', '-status', appId]);
  const state = parseYarnState(status.stdout) ?? parseYarnState(status.stderr);
  if (state !== undefined && !LIVE_STATES.has(state)) return undefined;
  const kill = await run(['application', '-kill', appId]);
  const ok = kill.exitCode === 0;
  const output = lastLine(ok ? [kill.stdout, kill.stderr] : [kill.stderr, kill.stdout]);
  const how = kill.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : kill.startError ?? `exit ${kill.exitCode ?? kill.signal}`;
  return ok
    ? { ok: true, message: `yarn application -kill ${appId}: ${output || 'done'}` }
    : { ok: false, message: `yarn application -kill ${appId} failed (${how}): ${output}` };
}

/** The last line with text of the first output that has one. */
function lastLine(outputs: string[]): string {
  for (const output of outputs) {
    const line = output.trim().split('\n').at(-1)?.trim();
    if (line) return line;
  }
  return '';
}
