import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { LogFollower } from './log-follower.js';
import { StageOutputParser, type StageOutputHandlers } from './output-parser.js';
import { isGroupAlive, signalGroup } from './process-group.js';
import type { StopSignal } from '../run/events.js';
import type { SparkAppInfo, SparkMemory, SparkMemoryWarning, SparkUiSnapshot } from '../run/run-types.js';
import type { RunParams } from '../plan/plan-types.js';

export type { StageOutputHandlers } from './output-parser.js';
export type { StopSignal } from '../run/events.js';

/** What a stage's process can report: its output (read here) and, from a starter that watches Spark
 *  applications (src/spark/watched-starter.ts), where its application is and how it stands. */
export interface StageHandlers extends StageOutputHandlers {
  onSparkApp?(app: SparkAppInfo): void;
  onSparkUi?(snapshot: SparkUiSnapshot): void;
  onSparkMemory?(memory: SparkMemory): void;
  onSparkMemoryWarning?(warning: SparkMemoryWarning): void;
  /** The application outlived its stopped submit and was killed on the cluster (or could not be). */
  onAppKill?(kill: { appId: string; ok: boolean; message: string; finalState?: string }): void;
  /** What YARN's ResourceManager says of a failed stage's application (its `diagnostics`), once, before `exited`. */
  onAppDiagnostics?(text: string): void;
  /** Attempt `attempt` (2, 3, …) of a retried process starts: what the one before printed is history. */
  onAttempt?(attempt: number): void;
}

export interface StageExit {
  /** null when the stage was ended by a signal or could not be started. */
  exitCode: number | null;
  signal: string | null;
  /** Why the stage could not be started, e.g. the submit command does not exist. */
  startError?: string;
}

export interface StartStageOptions {
  command: string[];
  /** Receives every byte of stdout and stderr, appended. */
  logFile: string;
  /** Added to process.env. */
  env?: Record<string, string>;
  cwd?: string;
  handlers?: StageHandlers;
  /** How often `stop` checks whether the group is gone. */
  pollIntervalMs?: number;
  /** Told once when the log cannot be written (disk full): the stage's output is being lost. */
  onLogError?: (error: Error) => void;
}

/** Starts a stage's process. The runner takes one; retries and the Spark watch wrap one another. */
export type StageStarter = (options: StartStageOptions) => StageProcess;

export interface StageProcess {
  readonly pid: number | undefined;
  /** Settles once the stage has exited, no process of its group is left and its log is closed. */
  readonly exited: Promise<StageExit>;
  /** SIGTERM to the group; SIGKILL to the group if any of it outlives the grace period. Idempotent. */
  stop(graceSeconds: number, onSignal?: (signal: StopSignal) => void): Promise<void>;
}

/** What a stage sees in its environment on top of process.env: the run's markers, the warehouse, and the
 *  project's root on PYTHONPATH, where the apps import the `jobs` package from with any submit command. */
export function stageEnv(runId: string, stage: string, params: Pick<RunParams, 'warehouse' | 'projectRoot'>, inherited = process.env.PYTHONPATH): Record<string, string> {
  const pythonPath = [params.projectRoot, ...(inherited ? [inherited] : [])].join(path.delimiter);
  const env: Record<string, string> = { BACKFILL_RUN_ID: runId, BACKFILL_STAGE: stage, PYTHONPATH: pythonPath };
  if (params.warehouse) env.WAREHOUSE_URI = params.warehouse;
  return env;
}

/** SIGKILL to whatever is left of the group, then wait (bounded) until the kernel has ended it. */
async function killGroupAndWait(pgid: number, onKill?: () => void, limitMs = 5000): Promise<void> {
  if (!isGroupAlive(pgid) || !signalGroup(pgid, 'SIGKILL')) return;
  onKill?.();
  for (const deadline = Date.now() + limitMs; isGroupAlive(pgid) && Date.now() < deadline; ) {
    await delay(10);
  }
}

export function startStageProcess(options: StartStageOptions): StageProcess {
  const [file, ...args] = options.command;
  if (!file) throw new Error('A stage needs a command to run.');
  const pollIntervalMs = options.pollIntervalMs ?? 100;

  // The stage writes its output straight into its log (stdout and stderr, in the order it wrote them): it
  // never waits for the console. The console follows the file for the screen, the progress and the result.
  const logFd = fs.openSync(options.logFile, 'a');
  const startOffset = fs.fstatSync(logFd).size;
  const subprocess = spawnInto(file, args, logFd, options);
  const pid = subprocess.pid;

  const handlers = options.handlers ?? {};
  const parser = new StageOutputParser(handlers);
  const follower = new LogFollower(options.logFile, startOffset, (chunk) => parser.push(chunk), {
    onNoSpace: (error) => options.onLogError?.(error),
  });
  follower.start();

  let stopping: Promise<void> | undefined;

  // If the console itself goes away, its detached stages must not live on unattended.
  const killOnConsoleExit = () => {
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
  };
  process.once('exit', killOnConsoleExit);

  // Grandchildren may outlive a leader that exited by itself and hold its pipes open: clear them at once.
  let cleanup: Promise<void> | undefined;
  subprocess.once('exit', () => {
    if (!stopping && pid !== undefined) cleanup = killGroupAndWait(pid);
  });

  const stop = (graceSeconds: number, onSignal?: (signal: StopSignal) => void): Promise<void> => {
    if (pid === undefined) return Promise.resolve();
    stopping ??= (async () => {
      if (!signalGroup(pid, 'SIGTERM')) return;
      onSignal?.('SIGTERM');
      const deadline = Date.now() + graceSeconds * 1000;
      for (let left = deadline - Date.now(); left > 0; left = deadline - Date.now()) {
        await delay(Math.min(pollIntervalMs, left));
        if (!isGroupAlive(pid)) return;
      }
      await killGroupAndWait(pid, () => onSignal?.('SIGKILL'));
    })();
    return stopping;
  };

  const exited = (async (): Promise<StageExit> => {
    const result = await subprocess;
    await (stopping ?? cleanup);
    // Every process of the group is gone: nothing more comes to the log. Read it to the end.
    await follower.finish();
    parser.end();
    process.removeListener('exit', killOnConsoleExit);
    const startError = pid === undefined ? result.shortMessage || result.message : undefined;
    if (startError) appendLine(options.logFile, startError, options.onLogError);
    return {
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      ...(startError ? { startError } : {}),
    };
  })();

  return { pid, exited, stop };
}

function appendLine(file: string, text: string, onError?: (error: Error) => void): void {
  try {
    fs.appendFileSync(file, `${text}\n`);
  } catch (error) {
    onError?.(error as Error);
  }
}

function spawnInto(file: string, args: string[], logFd: number, options: StartStageOptions) {
  // execa's types accept a file descriptor only as a literal type; at run time any open descriptor works.
  const fd = logFd as 3;
  try {
    return execa(file, args, {
      stdin: 'ignore',
      stdout: fd,
      stderr: fd,
      detached: true,
      reject: false,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      extendEnv: true,
    });
  } finally {
    fs.closeSync(logFd); // the child has its own copy
  }
}
