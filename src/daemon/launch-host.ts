import { spawn } from 'node:child_process';
import { writeFileAtomic } from '../runner/folder/atomic-file.js';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createRunFolder } from '../runner/folder/run-folder.js';
import { describeWriteError } from '../runner/folder/write-errors.js';
import { controlSocketFor } from '../lifecycle/socket-location.js';
import { tailOfFile } from '../lifecycle/log-files.js';
import type { HostSpec } from './runner-host.js';

export const LAUNCH_FILE = 'launch.json';
export const HOST_LOG_FILE = 'host.log';

export interface LaunchOptions extends HostSpec {
  /** The host's command line before the launch file; by default this Node running `host-main.js` next to this file. */
  hostArgv?: string[];
  /** How long to wait for the host's socket (default 15 s). */
  timeoutMs?: number;
}

export interface LaunchedHost {
  pid: number;
  runDir: string;
  socketPath: string;
}

/** The host could not be started: nothing runs, and the caller may release what it took. */
export class HostNotStartedError extends Error {}

/** The host started (the run is under way) but did not answer on its socket in time: it is left running. */
export class HostUnreachableError extends Error {}

export function defaultHostArgv(): string[] {
  return [process.execPath, fileURLToPath(new URL('./host-main.js', import.meta.url))];
}

function accepts(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a runner host for the plan in a session of its own (not the terminal's: a closed SSH link does not
 * reach it), with its output in `<run-dir>/host.log`, and resolves once its control socket accepts connections.
 */
export async function launchHost(options: LaunchOptions): Promise<LaunchedHost> {
  const { hostArgv = defaultHostArgv(), timeoutMs = 15_000, ...given } = options;
  const { params, runId } = given.plan;
  const socket = given.socketPath ? { ok: true as const, path: given.socketPath } : controlSocketFor(runId);
  if (!socket.ok) throw new HostNotStartedError(socket.message);
  const spec: HostSpec = { ...given, socketPath: socket.path };
  let runDir: string;
  let launchFile: string;
  let hostLog: string;
  let out: number;
  try {
    runDir = createRunFolder(params.runsDir, runId).dir;
    fs.chmodSync(runDir, 0o700);
    launchFile = path.join(runDir, LAUNCH_FILE);
    writeFileAtomic(launchFile, JSON.stringify(spec), 0o600);
    hostLog = path.join(runDir, HOST_LOG_FILE);
    out = fs.openSync(hostLog, 'a', 0o600);
  } catch (error) {
    throw new HostNotStartedError(describeWriteError(error, params.runsDir));
  }

  const [file, ...args] = hostArgv;
  const child = spawn(file!, [...args, launchFile], { detached: true, stdio: ['ignore', out, out], cwd: params.projectRoot, env: process.env });
  fs.closeSync(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  child.once('error', (error) => (exited = error.message));
  child.unref();

  const socketPath = socket.path;
  for (const deadline = Date.now() + timeoutMs; ; ) {
    if (fs.existsSync(socketPath) && (await accepts(socketPath))) break;
    if (exited !== undefined) {
      const log = tailOfFile(hostLog, 20).join('\n');
      throw new HostNotStartedError(`the runner host ${exited}${log ? `:\n${log}` : ''}`);
    }
    if (Date.now() > deadline) {
      // It lives: the run may well be under way. Killing it would leave its stage behind and call a started
      // run "not started"; say where it is instead.
      throw new HostUnreachableError(
        `run ${runId} started (runner host pid ${child.pid}) but its control socket ${socketPath} did not answer within ${timeoutMs} ms. ` +
          `The run goes on: backfill attach ${runId}, or backfill logs ${runId} --follow. Host log: ${hostLog}`,
      );
    }
    await delay(25);
  }
  return { pid: child.pid!, runDir, socketPath };
}
