import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY } from '../../src/eta/eta-history.js';
import { createJsonReporter } from '../../src/headless/json-reporter.js';
import { createPlainReporter } from '../../src/headless/plain-reporter.js';
import type { StageRecord } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';
import { textCapture } from '../fixtures/text-sink.js';
import type { RunEvent } from '../../src/runner/run/events.js';

process.env.TZ = 'UTC';
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 24, 1, 15, seconds)).toISOString();
const bronze: StageRecord = { name: 'bronze', status: 'pending', command: ['x'], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
const snapshot = { url: 'http://127.0.0.1:4041', appId: 'local-1', completedTasks: 120, totalTasks: 200, activeStages: 1, failedTasks: 0, executors: 1 };

const events: RunEvent[] = [
  { type: 'run-started', at: at(0), runId: 'RID', runDir: '/runs/RID', params: testParams({ stages: ['bronze'] }), stages: [bronze] },
  { type: 'stage-started', at: at(0), stage: 'bronze', command: ['x'], pid: 7 },
  { type: 'spark-app', at: at(1), stage: 'bronze', app: { uiUrl: 'http://127.0.0.1:4041', appId: 'application_1_2', trackingUrl: 'http://rm/proxy/application_1_2/' } },
  { type: 'stage-progress', at: at(2), stage: 'bronze', progress: { done: 1, total: 4 } },
  { type: 'spark-ui', at: at(20), stage: 'bronze', ...snapshot },
  { type: 'stage-progress', at: at(30), stage: 'bronze', progress: { done: 3, total: 4 } },
  { type: 'yarn-kill', at: at(31), stage: 'bronze', appId: 'application_1_2', ok: true, message: 'yarn application -kill application_1_2: Killing application application_1_2' },
];

describe('reporters and the Spark UI', () => {
  it('plain: the app line, the UI poll in place of the console bar, the ETA of stage and run, the yarn kill', () => {
    const { out, text } = textCapture();
    const report = createPlainReporter(out, { progressIntervalMs: 5000, etaHistory: EMPTY_HISTORY });
    for (const event of events) report(event);
    expect(text().split('\n')).toEqual([
      '2026-11-24 01:15:00 run RID started: bronze; folder /runs/RID',
      '2026-11-24 01:15:00 bronze started: x',
      '2026-11-24 01:15:01 bronze spark app: ui http://127.0.0.1:4041, yarn application_1_2, tracking http://rm/proxy/application_1_2/',
      '2026-11-24 01:15:02 bronze progress: 1/4 (25%)',
      '2026-11-24 01:15:20 bronze progress: 1/4 (25%); spark ui 120/200 tasks, 1 active stage, 0 failed, 1 executor',
      // 2 units in 28 s: the last one takes 14 s
      '2026-11-24 01:15:30 bronze progress: 3/4 (75%); spark ui 120/200 tasks, 1 active stage, 0 failed, 1 executor; bronze ETA 14s (rate); run ETA 14s (rate)',
      '2026-11-24 01:15:31 bronze yarn application -kill application_1_2: Killing application application_1_2',
      '',
    ]);
  });

  it('JSON: prints the UI polls throttled per stage, and an ETA line with them', () => {
    const { out, text } = textCapture();
    const report = createJsonReporter(out, { progressIntervalMs: 5000, etaHistory: EMPTY_HISTORY });
    for (const event of events) report(event);
    report({ type: 'spark-ui', at: at(21), stage: 'bronze', ...snapshot, completedTasks: 130 });
    const lines = text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['run-started', 'stage-started', 'spark-app', 'stage-progress', 'eta', 'spark-ui', 'eta', 'stage-progress', 'eta', 'yarn-kill']);
    expect(lines.filter((line) => line.type === 'spark-ui')).toEqual([{ type: 'spark-ui', at: at(20), stage: 'bronze', ...snapshot }]);
    expect(lines.at(-2)).toEqual({ type: 'eta', at: at(30), stages: { bronze: { remainingMs: 14_000, source: 'rate' } }, run: { remainingMs: 14_000, source: 'rate' } });
  });
});
