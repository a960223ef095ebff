import type { Plan, RunRecord } from '../runner/types.js';
import {
  acquireWarehouseLock,
  formatLockHeld,
  formatLockTakenOver,
  releaseWarehouseLock,
  resolvedWarehouse,
} from '../runs/warehouse-lock.js';
import { sweepRunProcesses } from '../runs/process-sweep.js';
import { HostNotStartedError, HostUnreachableError, launchHost } from './launch-host.js';
import { SocketRunController } from './socket-controller.js';

/** A run that may not start; `exitCode` is what the CLI exits with (2: another run holds the warehouse). */
export class RunNotStartedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The run started but this console cannot show it; it goes on. Exit code 1: the operator has to look. */
export class RunUnreachableError extends RunNotStartedError {
  constructor(message: string) {
    super(message, 1);
  }
}

export interface DetachedRunOptions {
  resume?: RunRecord;
  env?: Record<string, string>;
  hostArgv?: string[];
  /** Told when a stale lock was taken over. */
  onNotice?: (text: string) => void;
}

/** Takes the warehouse lock, starts the run in a runner host of its own and connects to it. */
export async function startDetachedRun(plan: Plan, options: DetachedRunOptions = {}): Promise<SocketRunController> {
  const { params, runId } = plan;
  const lock = acquireWarehouseLock(params.runsDir, resolvedWarehouse(params), runId);
  if (!lock.ok) throw new RunNotStartedError(formatLockHeld(lock.holder), 2);
  if (lock.tookOverFrom) {
    // Its stages may live on without it, still writing to the warehouse: stop them before this run starts.
    const stopped = await sweepRunProcesses(lock.tookOverFrom.runId, { graceMs: params.graceSeconds * 1000 });
    options.onNotice?.(formatLockTakenOver(lock.tookOverFrom, stopped.length));
  }
  try {
    const host = await launchHost({
      plan,
      lockFile: lock.file,
      ...(options.resume ? { resume: options.resume } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.hostArgv ? { hostArgv: options.hostArgv } : {}),
    });
    return await SocketRunController.connect(host.socketPath);
  } catch (error) {
    if (error instanceof HostUnreachableError) throw new RunUnreachableError(`backfill: ${error.message}\n`);
    if (error instanceof HostNotStartedError) {
      releaseWarehouseLock(lock.file, runId);
      throw new RunNotStartedError(`backfill: could not start run ${runId}: ${error.message}\n`, 1);
    }
    // The host is up but this console cannot talk to it (another version, a refused hello): the run goes on.
    throw new RunUnreachableError(`backfill: run ${runId} started, but this console cannot follow it: ${(error as Error).message}\nFollow it with: backfill logs ${runId} --follow\n`);
  }
}
