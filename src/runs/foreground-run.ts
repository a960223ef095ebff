import { createRunFolder } from '../runner/run-folder.js';
import type { Plan } from '../runner/types.js';
import { describeHost, writeHostInfo } from './host-info.js';
import { sweepRunProcesses } from './process-sweep.js';
import { acquireWarehouseLock, formatLockHeld, formatLockTakenOver, releaseWarehouseLock, resolvedWarehouse } from './warehouse-lock.js';

export const LOCK_HELD_EXIT_CODE = 2;

/**
 * Runs `run` as the owner of the plan's run in this process (headless mode): under the warehouse lock, with
 * host.json naming this process, and with no process of the run left behind afterwards.
 */
export async function runInForeground(
  plan: Plan,
  run: () => Promise<number>,
  options: { err: NodeJS.WritableStream; resumedFrom?: string },
): Promise<number> {
  const { params, runId } = plan;
  const lock = acquireWarehouseLock(params.runsDir, resolvedWarehouse(params), runId);
  if (!lock.ok) {
    options.err.write(formatLockHeld(lock.holder));
    return LOCK_HELD_EXIT_CODE;
  }
  if (lock.tookOverFrom) {
    // Its stages may live on without it, still writing to the warehouse: stop them before this run starts.
    const stopped = await sweepRunProcesses(lock.tookOverFrom.runId, { graceMs: params.graceSeconds * 1000 });
    options.err.write(formatLockTakenOver(lock.tookOverFrom, stopped.length));
  }
  try {
    writeHostInfo(createRunFolder(params.runsDir, runId).dir, describeHost('foreground', options.resumedFrom));
    return await run();
  } finally {
    await sweepRunProcesses(runId, { graceMs: 0 });
    releaseWarehouseLock(lock.file, runId);
  }
}
