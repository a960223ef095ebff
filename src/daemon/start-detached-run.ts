import { EXIT_CODES } from '../runner/run/exit-code.js';
import type { RunRecord } from '../runner/run/run-types.js';
import { acquireWarehouseLock, formatLockTakenOver, releaseWarehouseLock, resolvedWarehouse, type LockOptions } from '../lifecycle/warehouse-lock.js';
import { sweepRunProcesses } from '../lifecycle/process-sweep.js';
import { HostNotStartedError, HostUnreachableError, launchHost } from './launch-host.js';
import { SocketRunController } from './socket-controller.js';
import type { Plan } from '../runner/plan/plan-types.js';

/** Why startDetachedRun hands back no run to follow; `exitCode` is what the CLI exits with. */
export class DetachedRunError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** A run that may not start (EXIT_CODES.usage: another run holds the warehouse; failed: its host did not start). */
export class RunNotStartedError extends DetachedRunError {}

/** The run started but this console cannot show it; it goes on. Exit code 1: the operator has to look. */
export class RunUnreachableError extends DetachedRunError {
  constructor(message: string) {
    super(message, EXIT_CODES.failed);
  }
}

export interface DetachedRunOptions {
  resume?: RunRecord;
  env?: Record<string, string>;
  hostArgv?: string[];
  /** Told when a stale lock was taken over. */
  onNotice?: (text: string) => void;
  lock?: LockOptions;
}

/** Takes the warehouse lock, starts the run in a runner host of its own and connects to it. */
export async function startDetachedRun(plan: Plan, options: DetachedRunOptions = {}): Promise<SocketRunController> {
  const { params, runId } = plan;
  const taken = await acquireWarehouseLock(resolvedWarehouse(params), runId, { ...options.lock, mode: 'detached', runsDir: params.runsDir });
  if (!taken.ok) throw new RunNotStartedError(taken.message, EXIT_CODES.usage);
  for (const notice of taken.notices) options.onNotice?.(notice);
  if (taken.tookOverFrom) {
    // Its stages may live on without it, still writing to the warehouse: stop them before this run starts.
    const stopped = await sweepRunProcesses(taken.tookOverFrom.runId, { graceMs: params.graceSeconds * 1000 });
    options.onNotice?.(formatLockTakenOver(taken.tookOverFrom, stopped.length));
  }
  const lock = taken.lock;
  try {
    const host = await launchHost({
      plan,
      lock,
      ...(options.resume ? { resume: options.resume } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.hostArgv ? { hostArgv: options.hostArgv } : {}),
    });
    return await SocketRunController.connect(host.socketPath);
  } catch (error) {
    if (error instanceof HostUnreachableError) throw new RunUnreachableError(`backfill: ${error.message}\n`);
    if (error instanceof HostNotStartedError) {
      await releaseWarehouseLock(lock);
      throw new RunNotStartedError(`backfill: could not start run ${runId}: ${error.message}\n`, EXIT_CODES.failed);
    }
    // The host is up but this console cannot talk to it (another version, a refused hello): the run goes on.
    throw new RunUnreachableError(`backfill: run ${runId} started, but this console cannot follow it: ${(error as Error).message}\nFollow it with: backfill logs ${runId} --follow\n`);
  }
}
