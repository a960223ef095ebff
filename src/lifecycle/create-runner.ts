import { Runner, type RunnerOptions } from '../runner/schedule/runner.js';
import { startStageProcess } from '../runner/process/stage-process.js';
import { watchSparkApps } from '../spark/watched-starter.js';
import type { SparkUiPollerOptions } from '../spark/ui-poller.js';
import { retryingStarter, retryPolicyOf } from './retrying-stage.js';
import type { Plan } from '../runner/plan/plan-types.js';

export interface CreateRunnerOptions extends RunnerOptions {
  /** Polling of the drivers' REST API once their log names it; false to only read the log. */
  sparkUi?: SparkUiPollerOptions | false;
}

/**
 * A runner as the product runs one: each stage's process started by `startStage` (the plain starter by
 * default), retried under the plan's `--retries`, and watched for its Spark application. The retries sit
 * inside the watch, so the attempts of a stage are one process to it and to the runner.
 */
export function createRunner(plan: Plan, options: CreateRunnerOptions = {}): Runner {
  const { sparkUi, startStage = startStageProcess, ...runnerOptions } = options;
  const policy = retryPolicyOf(plan.params, plan.runId);
  const retried = policy ? retryingStarter(policy, startStage) : startStage;
  return new Runner(plan, { ...runnerOptions, startStage: watchSparkApps(retried, { poll: sparkUi ?? {} }) });
}
