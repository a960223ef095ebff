import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readNdjsonFile, type NdjsonRead } from '../runner/folder/validated-json.js';
import { attemptLogFile } from '../runner/folder/run-folder.js';
import { startStageProcess, type StageExit, type StageProcess, type StageStarter, type StartStageOptions } from '../runner/process/stage-process.js';
import type { RunParams } from '../runner/plan/plan-types.js';
import { DEFAULT_RETRY_DELAY_SECONDS } from '../config/defaults.js';

// `--retries N`: a stage (or chunk) whose process fails is started again, up to N times, after
// `--retry-delay` seconds. It wraps the runner's stage starter, so to the runner the attempts are one
// process: one stage-started, one stage-finished with the last attempt's exit. Each attempt writes its own
// log (`bronze.log`, then `bronze.attempt-2.log`, ...) and is recorded in the run folder's attempts.ndjson.

export const ATTEMPTS_FILE = 'attempts.ndjson';

const attemptRecordSchema = z.looseObject({
  stage: z.string(),
  chunk: z.string().optional(),
  attempt: z.number().int().positive(),
  of: z.number().int().positive(),
  startedAt: z.string(),
  finishedAt: z.string(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  logFile: z.string(),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

export type { StageStarter };


/** Records an attempt; a disk that is full says so through the runner's own writes, so this never throws. */
export function appendAttempt(runDir: string, record: AttemptRecord): void {
  try {
    fs.appendFileSync(path.join(runDir, ATTEMPTS_FILE), `${JSON.stringify(record)}\n`);
  } catch {
    // the run stops on its next write to the same folder, and names the cause
  }
}

/** The attempts recorded in a run folder, and what could not be read of the file: a line cut off by a crash
 *  is skipped and named. */
export function readAttempts(runDir: string): NdjsonRead<AttemptRecord> {
  return readNdjsonFile(path.join(runDir, ATTEMPTS_FILE), attemptRecordSchema, { recordName: 'attempt record' });
}

export interface RetryPolicy {
  retries: number;
  delayMs: number;
  /** Where attempts are recorded (the run folder). */
  runDir: string;
}

export function retryPolicyOf(params: RunParams, runId: string): RetryPolicy | undefined {
  if (!params.retries) return undefined;
  return { retries: params.retries, delayMs: (params.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS) * 1000, runDir: path.resolve(params.runsDir, runId) };
}

/** A stage starter that retries failed processes under `policy`; `start` starts one attempt. */
export function retryingStarter(policy: RetryPolicy, start: StageStarter = startStageProcess): StageStarter {
  return (options) => startWithRetries(options, policy, start);
}

function startWithRetries(options: StartStageOptions, policy: RetryPolicy, start: StageStarter): StageProcess {
  const attempts = policy.retries + 1;
  const stage = options.env?.BACKFILL_STAGE ?? path.basename(options.logFile, '.log');
  const chunk = options.env?.BACKFILL_CHUNK;
  let current: StageProcess;
  let stopped = false;
  let wakeUp: (() => void) | undefined;

  const startAttempt = (attempt: number): StageProcess => {
    const logFile = attemptLogFile(options.logFile, attempt);
    return start({ ...options, logFile, env: { ...options.env, BACKFILL_ATTEMPT: String(attempt) } });
  };
  current = startAttempt(1); // throws as the plain starter does when it cannot start at all

  const exited = (async (): Promise<StageExit> => {
    for (let attempt = 1; ; attempt++) {
      const startedAt = new Date().toISOString();
      const exit = await current.exited;
      const logFile = attemptLogFile(options.logFile, attempt);
      appendAttempt(policy.runDir, {
        stage,
        ...(chunk !== undefined ? { chunk } : {}),
        attempt,
        of: attempts,
        startedAt,
        finishedAt: new Date().toISOString(),
        exitCode: exit.exitCode,
        signal: exit.signal,
        logFile: path.relative(policy.runDir, logFile),
      });
      if (stopped || exit.exitCode === 0 || attempt >= attempts) return exit;
      const next = path.relative(policy.runDir, attemptLogFile(options.logFile, attempt + 1));
      options.handlers?.onLines?.([
        `[backfill] attempt ${attempt} of ${attempts} failed (${exit.signal ?? `exit ${exit.exitCode}`}); attempt ${attempt + 1} in ${policy.delayMs / 1000}s, log ${next}`,
      ]);
      if (stopped) return exit; // stopped by a listener of that very line
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, policy.delayMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
      if (stopped) return exit;
      try {
        options.handlers?.onAttempt?.(attempt + 1);
        current = startAttempt(attempt + 1);
      } catch (error) {
        options.handlers?.onLines?.([`[backfill] attempt ${attempt + 1} could not start: ${(error as Error).message}`]);
        return exit;
      }
    }
  })();

  return {
    get pid() {
      return current.pid;
    },
    exited,
    stop(graceSeconds, onSignal) {
      stopped = true;
      wakeUp?.();
      return current.stop(graceSeconds, onSignal);
    },
  };
}
