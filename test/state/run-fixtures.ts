// Shared by state and component tests: a three-stage plan and runner events with fixed times.
import type { StageRecord } from '../../src/runner/run/run-types.js';
import { defaultOptions } from '../../src/config/defaults.js';
import type { BackfillOptions } from '../../src/config/options.js';
import type { RunEvent } from '../../src/runner/run/events.js';
import type { Plan, RunParams } from '../../src/runner/plan/plan-types.js';

// A little in the past, so times the screen measures against the real clock come out small and positive.
export const T0 = Math.floor(Date.now() / 1000) * 1000 - 100_000;
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export const PARAMS: RunParams = {
  startDate: '2024-01-01',
  endDate: '2024-01-31',
  stages: ['bronze', 'silver', 'gold'],
  sparkSubmit: ['/opt/spark/bin/spark-submit'],
  master: 'local[2]',
  conf: [],
  continueOnFailure: false,
  graceSeconds: 30,
  runsDir: '/tmp/runs',
  projectRoot: '/work/main',
};

export function commandFor(stage: string, params: RunParams = PARAMS): string[] {
  return [...params.sparkSubmit, '--master', params.master, '--name', `backfill-r1-${stage}`, `/work/main/jobs/${stage}/run_${stage}_pipeline.py`];
}

export function planFor(params: RunParams = PARAMS): Plan {
  return {
    runId: 'r1',
    params,
    stages: ['bronze', 'silver', 'gold'].map((name) => {
      const selected = params.stages.includes(name);
      return { name, selected, command: selected ? commandFor(name, params) : [] };
    }),
  };
}

export function records(statuses: Partial<Record<string, StageRecord['status']>> = {}): StageRecord[] {
  return ['bronze', 'silver', 'gold'].map((name) => ({
    name,
    status: statuses[name] ?? 'pending',
    command: commandFor(name),
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
  }));
}

export const runStarted = (): RunEvent => ({ type: 'run-started', at: at(0), runId: 'r1', runDir: '/tmp/runs/r1', params: PARAMS, stages: records() });
export const stageStarted = (stage: string, seconds = 1): RunEvent => ({ type: 'stage-started', at: at(seconds), stage, command: commandFor(stage), pid: 4242 });
export const output = (stage: string, lines: string[], seconds = 2): RunEvent => ({ type: 'stage-output', at: at(seconds), stage, lines });
export const finished = (stage: string, status: 'succeeded' | 'failed' | 'skipped' | 'aborted', seconds = 10, exitCode: number | null = status === 'succeeded' ? 0 : 1): RunEvent => ({
  type: 'stage-finished',
  at: at(seconds),
  stage,
  status,
  exitCode,
  signal: null,
  durationMs: (seconds - 1) * 1000,
});

export function validOptions(overrides: Partial<BackfillOptions> = {}): BackfillOptions {
  return { ...defaultOptions(), startDate: '2024-01-01', endDate: '2024-01-31', master: 'local[2]', ...overrides };
}
