import { nameProcessAfterRun } from './process-title.js';
import { EXIT_CODES } from '../runner/run/exit-code.js';
import { createRunFolder } from '../runner/folder/run-folder.js';
import { describeWriteError, isWriteError } from '../runner/folder/write-errors.js';
import { describeHost, writeHostInfo } from './host-info.js';
import { sweepRunProcesses } from './process-sweep.js';
import { acquireWarehouseLock, formatLockTakenOver, releaseWarehouseLock, resolvedWarehouse, type LockOptions } from './warehouse-lock.js';
import type { Plan } from '../runner/plan/plan-types.js';


/**
 * Runs `run` as the owner of the plan's run in this process (headless mode): under the warehouse lock, with
 * host.json naming this process, and with no process of the run left behind afterwards.
 */
export async function runInForeground(
  plan: Plan,
  run: () => Promise<number>,
  options: { err: NodeJS.WritableStream; resumedFrom?: string; lock?: LockOptions },
): Promise<number> {
  const { params, runId } = plan;
  nameProcessAfterRun(runId);
  const taken = await acquireWarehouseLock(resolvedWarehouse(params), runId, { ...options.lock, mode: 'foreground', runsDir: params.runsDir });
  if (!taken.ok) {
    options.err.write(taken.message);
    return EXIT_CODES.usage;
  }
  for (const notice of taken.notices) options.err.write(notice);
  if (taken.tookOverFrom) {
    // Its stages may live on without it, still writing to the warehouse: stop them before this run starts.
    const stopped = await sweepRunProcesses(taken.tookOverFrom.runId, { graceMs: params.graceSeconds * 1000 });
    options.err.write(formatLockTakenOver(taken.tookOverFrom, stopped.length));
  }
  try {
    const runDir = createRunFolder(params.runsDir, runId).dir;
    try {
      writeHostInfo(runDir, describeHost('foreground', options.resumedFrom));
    } catch (error) {
      options.err.write(`backfill: ${describeWriteError(error, `${runDir}/host.json`)}; nothing was started. Free space and start again.\n`);
      return EXIT_CODES.failed;
    }
    return await run();
  } catch (error) {
    // The run folder itself could not be made, or the run could not record its start: nothing ran.
    if (!isWriteError(error)) throw error;
    options.err.write(`backfill: ${describeWriteError(error, params.runsDir)}; nothing was started. Free space and start again.\n`);
    return EXIT_CODES.failed;
  } finally {
    await sweepRunProcesses(runId, { graceMs: 0 });
    const problem = await releaseWarehouseLock(taken.lock);
    if (problem) options.err.write(`backfill: ${problem}\n`);
  }
}
