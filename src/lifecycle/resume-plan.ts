import { defaultPipeline } from '../runner/plan/pipeline.js';
import { buildPlan, newRunId } from '../runner/plan/plan.js';
import type { RunRecord, StageStatus } from '../runner/run/run-types.js';
import type { PipelineDefinition, Plan, RunParams } from '../runner/plan/plan-types.js';

/** A stage that succeeded, or that the operator skipped, is not run again. */
const SETTLED: readonly StageStatus[] = ['succeeded', 'skipped'];

export type ResumePlan = { ok: true; plan: Plan; previous: RunRecord; rerun: string[] } | { ok: false; message: string };

/**
 * A new run with the same parameters that runs again what did not succeed in `previous` (failed, aborted,
 * pending, or running when its runner died). Run it with `new Runner(plan, { resume: previous })`, which keeps
 * the succeeded stages (and chunks) as they were. A stage skipped in `previous` stays skipped.
 */
export function planResumeAsNewRun(
  previous: RunRecord,
  pipeline: PipelineDefinition = defaultPipeline,
  runId = newRunId(),
  /** The new run's params when its execution settings changed (see resume-settings.ts); the old run's by default. */
  baseParams: RunParams = previous.params,
): ResumePlan {
  const asked = previous.params.stages;
  const skipped = new Set(previous.stages.filter((stage) => stage.status === 'skipped').map((stage) => stage.name));
  const rerun = previous.stages.filter((stage) => asked.includes(stage.name) && !SETTLED.includes(stage.status)).map((stage) => stage.name);
  if (rerun.length === 0) return { ok: false, message: `run ${previous.id} has nothing left to run: every stage succeeded or was skipped.` };
  const params = { ...baseParams, stages: asked.filter((name) => !skipped.has(name)) };
  const done = Object.fromEntries(
    previous.stages.map((stage) => [stage.name, (stage.chunks ?? []).filter((chunk) => chunk.status === 'succeeded').map(({ startDate, endDate }) => ({ startDate, endDate }))]),
  );
  return { ok: true, plan: buildPlan(params, pipeline, runId, done), previous, rerun };
}
