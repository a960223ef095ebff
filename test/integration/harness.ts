import fs from 'node:fs';
import path from 'node:path';
import { defaultPipeline } from '../../src/runner/plan/pipeline.js';
import { buildPlan, newRunId } from '../../src/runner/plan/plan.js';
import { createRunner, type CreateRunnerOptions } from '../../src/lifecycle/create-runner.js';
import { FAKE_SPARK_SUBMIT, testParams } from '../fixtures/params.js';
import type { RunEvent } from '../../src/runner/run/events.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface FakeRunOptions {
  /** FAKE_SPARK_BEHAVIOUR, e.g. "bronze=fail:3". */
  behaviour?: string;
  params?: Partial<RunParams>;
  /** Runner options on top of the fake's env; the Spark UI is not polled unless asked
   *  (the fake's default port line names 4040, where something real may listen). */
  runner?: CreateRunnerOptions;
  /** Extra environment for the stages (e.g. a PATH with a fake yarn). */
  env?: Record<string, string>;
}

/** A plan whose stages run the fake spark-submit in a fresh runs folder, with the fake's files next to it. */
export function fakeSetup(runsDir: string, options: FakeRunOptions = {}) {
  const plan = buildPlan(
    testParams({ sparkSubmit: [FAKE_SPARK_SUBMIT], runsDir, projectRoot: PROJECT_ROOT, ...options.params }),
    defaultPipeline,
    newRunId(),
  );
  const files = {
    pids: path.join(runsDir, 'grandchildren.pids'),
    calls: path.join(runsDir, 'calls.ndjson'),
  };
  const env = {
    FAKE_SPARK_BEHAVIOUR: options.behaviour ?? '',
    FAKE_SPARK_PIDS_FILE: files.pids,
    FAKE_SPARK_CALLS_FILE: files.calls,
    FAKE_SPARK_STATE_DIR: runsDir,
    ...options.env,
  };
  return { plan, env, files, runDir: path.join(runsDir, plan.runId) };
}

export function fakeRun(runsDir: string, options: FakeRunOptions = {}) {
  const setup = fakeSetup(runsDir, options);
  const runner = createRunner(setup.plan, { sparkUi: false, ...options.runner, env: setup.env });
  const events: RunEvent[] = [];
  runner.subscribe((event) => events.push(event));
  return { ...setup, runner, events };
}

export function eventsOfType<T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);
}

/** The fake's call log: one entry per spark-submit, in order. */
export function readCalls(callsFile: string): { argv: string[]; env: Record<string, string | undefined> }[] {
  return fs.readFileSync(callsFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The `--name` each call was given. */
export function calledNames(callsFile: string): string[] {
  return readCalls(callsFile).map((call) => call.argv[call.argv.indexOf('--name') + 1]!);
}
