import { readEtaHistory } from '../eta/eta-history.js';
import { exitCodeFor } from '../runner/run/exit-code.js';
import { createRunner, type CreateRunnerOptions } from '../lifecycle/create-runner.js';
import { notifyWhenRunEnds } from '../lifecycle/notify.js';
import { createJsonReporter } from './json-reporter.js';
import { createPlainReporter } from './plain-reporter.js';
import type { TextSink } from './reporter.js';
import type { Plan } from '../runner/plan/plan-types.js';

/** Something that emits SIGINT/SIGTERM; `process` by default. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface HeadlessOptions {
  /** One JSON object per line instead of plain lines. */
  json: boolean;
  out: TextSink;
  signals?: SignalSource;
  progressIntervalMs?: number;
  runner?: CreateRunnerOptions;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Runs the plan without a UI, reporting to `out`; resolves to the process exit code (0, 1 or 130). */
export async function runHeadless(plan: Plan, options: HeadlessOptions): Promise<number> {
  const runner = createRunner(plan, options.runner);
  // Read before this run's folder exists, so that only earlier runs count.
  const reporterOptions = { progressIntervalMs: options.progressIntervalMs, etaHistory: readEtaHistory(plan.params.runsDir, plan.params) };
  const reporter = options.json
    ? createJsonReporter(options.out, reporterOptions)
    : createPlainReporter(options.out, reporterOptions);
  const unsubscribe = runner.subscribe(reporter);
  const notifications = notifyWhenRunEnds(runner, plan.params);
  const signals = options.signals ?? process;
  const abort = () => runner.send({ type: 'abort' });
  for (const signal of STOP_SIGNALS) signals.on(signal, abort);
  try {
    await runner.start();
    await runner.whenIdle();
    await notifications.settled();
    return exitCodeFor(runner.record.status);
  } finally {
    for (const signal of STOP_SIGNALS) signals.off(signal, abort);
    unsubscribe();
  }
}
