import { defaultPipeline } from './pipeline.js';
import { buildPlan } from './plan.js';
import { readRunRecord, runFolderPaths } from './run-folder.js';
import type { PipelineDefinition, Plan, RunRecord } from './types.js';

/** Plan and record to resume run `runId` of `runsDir` with: `new Runner(plan, { resume: previous })`.
 *  Same params and run id, so the same commands; only what did not succeed runs again. */
export function planResume(runsDir: string, runId: string, pipeline: PipelineDefinition = defaultPipeline): { plan: Plan; previous: RunRecord } {
  const previous = readRunRecord(runFolderPaths(runsDir, runId).dir);
  return { plan: buildPlan(previous.params, pipeline, previous.id), previous };
}
