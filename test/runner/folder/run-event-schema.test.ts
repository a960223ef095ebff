import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendEvent, readEvents } from '../../../src/runner/folder/run-folder.js';
import { journaledEventSchema, RUN_EVENT_TYPES } from '../../../src/runner/folder/run-record-schema.js';
import { describeIssues } from '../../../src/runner/folder/validated-json.js';
import type { RunEvent, RunEventOf } from '../../../src/runner/run/events.js';
import type { StageRecord } from '../../../src/runner/run/run-types.js';
import { testParams } from '../../fixtures/params.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';

const tempDir = useTempDirs();

const at = '2026-11-24T01:00:00.000Z';
const stage: StageRecord = { name: 'silver', status: 'succeeded', command: ['spark-submit'], startedAt: at, finishedAt: at, durationMs: 5, exitCode: 0, signal: null };
const coverage = { start: '2024-01-01', end: '2024-01-02', hoursPerDay: 24, pollutants: ['pm25'], locations: { hanoi: [24, 23] } };
const gate = { passed: true, minCompleteness: 90, worst: [{ location: 'hanoi', date: '2024-01-02', completeHours: 23, percent: 95.8 }], message: 'ok' };

/** One event of every kind, as the runner writes it. */
const samples: { [T in RunEvent['type']]: RunEventOf<T> } = {
  'run-started': { type: 'run-started', at, runId: '20261124-010000-abcd', runDir: '/runs/x', params: testParams(), stages: [stage] },
  'stage-started': { type: 'stage-started', at, stage: 'silver', command: ['spark-submit', 'silver.py'], pid: 42 },
  'chunk-started': { type: 'chunk-started', at, stage: 'silver', chunk: '2024-01', command: ['spark-submit'], pid: 43 },
  'stage-output': { type: 'stage-output', at, stage: 'silver', lines: ['hello'] },
  'stage-progress': { type: 'stage-progress', at, stage: 'silver', progress: { done: 1, total: 4, unit: 'months' } },
  'chunk-progress': { type: 'chunk-progress', at, stage: 'silver', chunk: '2024-01', progress: { done: 1, total: 4 } },
  'spark-progress': { type: 'spark-progress', at, stage: 'silver', chunk: '2024-01', sparkStages: [{ stageId: 3, done: 12, running: 4, total: 200 }] },
  'stage-stopping': { type: 'stage-stopping', at, stage: 'silver', reason: 'abort', signal: 'SIGTERM' },
  'chunk-stopping': { type: 'chunk-stopping', at, stage: 'silver', chunk: '2024-01', reason: 'skip', signal: 'SIGKILL' },
  'stage-finished': { type: 'stage-finished', at, stage: 'silver', status: 'failed', exitCode: 1, signal: null, durationMs: 1000 },
  'chunk-finished': { type: 'chunk-finished', at, stage: 'silver', chunk: '2024-01', status: 'succeeded', exitCode: 0, signal: null, durationMs: 10 },
  'stage-retry': { type: 'stage-retry', at, stage: 'silver', chunks: ['2024-01'] },
  'spark-app': { type: 'spark-app', at, stage: 'silver', app: { uiUrl: 'http://10.0.0.5:4041', appId: 'application_1700000000000_0042' } },
  'spark-ui': { type: 'spark-ui', at, stage: 'silver', url: 'http://10.0.0.5:4041', completedTasks: 3, totalTasks: 10, activeStages: 1, failedTasks: 0, executors: 2 },
  'spark-memory': { type: 'spark-memory', at, stage: 'silver', memory: { gcTimeMs: 10, taskTimeMs: 100, memorySpilledBytes: 0, diskSpilledBytes: 0 } },
  'spark-memory-warning': { type: 'spark-memory-warning', at, stage: 'silver', warning: { kind: 'gc', share: 0.3, message: 'GC 30% of task time' } },
  'yarn-kill': { type: 'yarn-kill', at, stage: 'silver', appId: 'application_1700000000000_0042', ok: true, message: 'killed', finalState: 'KILLED' },
  'failure-cause': { type: 'failure-cause', at, stage: 'silver', cause: { kind: 'exit', summary: 'exit 1', causes: [], exit: 'exit code 1' } },
  'storage-error': { type: 'storage-error', at, path: '/runs/x/run.json', message: 'ENOSPC' },
  'job-result': { type: 'job-result', at, stage: 'silver', rowsWritten: { 'lh.silver.t': 144 }, commits: [{ table: 'lh.silver.t', snapshotId: '7908641373487193431', parentSnapshotId: null, rowsWritten: 144 }], coverage },
  'quality-gate': { type: 'quality-gate', at, stage: 'silver', gate },
  'run-finished': { type: 'run-finished', at, status: 'succeeded', stages: [stage], coverage, qualityGate: gate },
};

/** Per kind, one field of its sample broken: the path to it and the wrong value. */
const broken: { [T in RunEvent['type']]: [string, unknown] } = {
  'run-started': ['params.startDate', '2024-02-31'],
  'stage-started': ['command', 'spark-submit silver.py'],
  'chunk-started': ['chunk', '../2024-01'],
  'stage-output': ['lines', [1]],
  'stage-progress': ['progress.done', '1'],
  'chunk-progress': ['progress.total', -4],
  'spark-progress': ['sparkStages.0.running', null],
  'stage-stopping': ['reason', 'because'],
  'chunk-stopping': ['signal', 'SIGHUP'],
  'stage-finished': ['exitCode', '1'],
  'chunk-finished': ['status', 'running'],
  'stage-retry': ['chunks', '2024-01'],
  'spark-app': ['app.uiUrl', 4041],
  'spark-ui': ['completedTasks', 'three'],
  'spark-memory': ['memory.gcTimeMs', -1],
  'spark-memory-warning': ['warning.kind', 'disk'],
  'yarn-kill': ['ok', 'yes'],
  'failure-cause': ['cause.kind', 'gremlins'],
  'storage-error': ['message', undefined],
  'job-result': ['commits.0.snapshotId', 7908641373],
  'quality-gate': ['gate.passed', 'true'],
  'run-finished': ['stages.0.status', 'done'],
};

function withField(event: RunEvent, fieldPath: string, value: unknown): unknown {
  const copy = structuredClone(event) as unknown;
  const keys = fieldPath.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

describe('the run event schema', () => {
  it('lists every kind of event once', () => {
    expect([...RUN_EVENT_TYPES].sort()).toEqual(Object.keys(samples).sort());
    expect(new Set(RUN_EVENT_TYPES).size).toBe(RUN_EVENT_TYPES.length);
  });

  it('takes every kind of event as the runner writes it', () => {
    for (const event of Object.values(samples)) {
      const result = journaledEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
      expect(result.success ? result.data : describeIssues(result.error), event.type).toEqual(event);
    }
  });

  it('refuses an event of a known kind with a field of the wrong shape, naming the field', () => {
    for (const event of Object.values(samples)) {
      const [fieldPath, value] = broken[event.type];
      const result = journaledEventSchema.safeParse(withField(event, fieldPath, value));
      expect(result.success, `${event.type} with ${fieldPath} = ${JSON.stringify(value)}`).toBe(false);
      if (!result.success) expect(describeIssues(result.error), event.type).toContain(fieldPath);
    }
  });

  it('events.ndjson: an event of a known kind with a field of the wrong shape is skipped, the others read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.ndjson');
    const finished = samples['stage-finished'];
    appendEvent(file, samples['stage-started']);
    fs.appendFileSync(file, `${JSON.stringify(withField(finished, 'exitCode', '1'))}\n`);
    fs.appendFileSync(file, `${JSON.stringify(withField(samples['job-result'], 'rowsWritten', { 'lh.silver.t': -1 }))}\n`);
    fs.appendFileSync(file, `${JSON.stringify({ type: 'stage-progress', at, stage: 'silver' })}\n`);
    appendEvent(file, finished);
    expect(readEvents(dir)).toEqual([samples['stage-started'], finished]);
  });
});
