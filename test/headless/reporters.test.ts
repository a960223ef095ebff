import { describe, expect, it } from 'vitest';
import { createJsonReporter } from '../../src/headless/json-reporter.js';
import { createPlainReporter } from '../../src/headless/plain-reporter.js';
import type { StageRecord } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';
import { textCapture } from '../fixtures/text-sink.js';
import type { RunEvent } from '../../src/runner/run/events.js';

process.env.TZ = 'UTC';

function stage(name: string, extra: Partial<StageRecord>): StageRecord {
  return { name, status: 'pending', command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null, ...extra };
}

const finalStages = [
  stage('bronze', { status: 'succeeded', exitCode: 0, durationMs: 1234 }),
  stage('silver', { status: 'failed', exitCode: 3, durationMs: 500 }),
  stage('gold', { status: 'pending' }),
];

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 24, 1, 15, seconds)).toISOString();
const progress = (seconds: number, done: number): RunEvent => ({
  type: 'stage-progress',
  at: at(seconds),
  stage: 'bronze',
  progress: { done, total: 12, unit: 'location-months' },
});

const events: RunEvent[] = [
  { type: 'run-started', at: at(0), runId: 'RID', runDir: '/runs/RID', params: testParams(), stages: [] },
  { type: 'stage-started', at: at(2), stage: 'bronze', command: ['spark-submit', '--master', 'local[2]', 'a b.py'], pid: 42 },
  { type: 'stage-output', at: at(2), stage: 'bronze', lines: ['INFO noise'] },
  progress(3, 1),
  progress(4, 2),
  progress(8, 6),
  { type: 'stage-finished', at: at(9), stage: 'bronze', status: 'succeeded', exitCode: 0, signal: null, durationMs: 1234 },
  { type: 'stage-started', at: at(9), stage: 'silver', command: ['spark-submit'], pid: 43 },
  { type: 'stage-output', at: at(9), stage: 'silver', lines: Array.from({ length: 12 }, (_, i) => `silver line ${i}`) },
  { type: 'stage-output', at: at(9), stage: 'silver', lines: ['ERROR boom'] },
  { type: 'stage-finished', at: at(10), stage: 'silver', status: 'failed', exitCode: 3, signal: null, durationMs: 500 },
  { type: 'run-finished', at: at(10), status: 'failed', stages: finalStages },
];

describe('plain reporter', () => {
  it('prints timestamped lines, throttled progress and a summary table', () => {
    const { out, text } = textCapture();
    const report = createPlainReporter(out, { progressIntervalMs: 5000 });
    for (const event of events) report(event);
    expect(text().split('\n')).toEqual([
      '2026-11-24 01:15:00 run RID started: no stages; folder /runs/RID',
      "2026-11-24 01:15:02 bronze started: spark-submit --master 'local[2]' 'a b.py'",
      '2026-11-24 01:15:03 bronze progress: 1/12 location-months (8%)',
      '2026-11-24 01:15:08 bronze progress: 6/12 location-months (50%)',
      '2026-11-24 01:15:09 bronze succeeded: exit code 0, 1s',
      '2026-11-24 01:15:09 silver started: spark-submit',
      '2026-11-24 01:15:10 silver failed: exit code 3, 500ms',
      ...Array.from({ length: 9 }, (_, i) => `    | silver line ${i + 3}`),
      '    | ERROR boom',
      '    full log: /runs/RID/logs/silver.log',
      '2026-11-24 01:15:10 run failed: exit code 1, 10s',
      'STAGE   STATUS     EXIT  DURATION',
      'bronze  succeeded  0     1s',
      'silver  failed     3     500ms',
      'gold    pending    -     -',
      '',
    ]);
  });
});

describe('plain reporter and hostile output', () => {
  it('strips escape sequences from a failed stage\'s last lines', () => {
    const { out, text } = textCapture();
    const report = createPlainReporter(out);
    report({ type: 'stage-started', at: at(1), stage: 'silver', command: ['spark-submit'], pid: 1 });
    report({ type: 'stage-output', at: at(1), stage: 'silver', lines: ['\u001b[2J\u001b]0;owned\u0007ERROR \u001b[31mboom\u001b[0m'] });
    report({ type: 'stage-finished', at: at(2), stage: 'silver', status: 'failed', exitCode: 1, signal: null, durationMs: 1 });
    expect(text()).toContain('    | ERROR boom\n');
    expect(text()).not.toMatch(/\u001b|\u0007/);
  });

  it('shows a started command whose argument holds escapes or bidi controls escaped, as it would run', () => {
    const { out, text } = textCapture();
    const report = createPlainReporter(out);
    report({ type: 'stage-started', at: at(1), stage: 'bronze', command: ['spark-submit', '--locations-file', '/data/evil\u202e\u001b[2J.jsonl'], pid: 1 });
    expect(text()).toContain(`bronze started: spark-submit --locations-file $'/data/evil\\xe2\\x80\\xae\\e[2J.jsonl'\n`);
  });
});

describe('json reporter', () => {
  it('prints one object per line, drops output, throttles progress and ends with the summary', () => {
    const { out, text } = textCapture();
    const report = createJsonReporter(out, { progressIntervalMs: 5000 });
    for (const event of events) report(event);
    const lines = text().trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; progress?: { done: number } });
    expect(lines.map((line) => line.type)).toEqual([
      'run-started',
      'stage-started',
      'stage-progress',
      'stage-progress',
      'stage-finished',
      'stage-started',
      'stage-finished',
      'run-finished',
      'summary',
    ]);
    expect(lines.filter((line) => line.type === 'stage-progress').map((line) => line.progress?.done)).toEqual([1, 6]);
    expect(text().trimEnd().split('\n').at(-1)).toBe(
      '{"type":"summary","status":"failed","stages":[' +
        '{"name":"bronze","status":"succeeded","exitCode":0,"durationMs":1234},' +
        '{"name":"silver","status":"failed","exitCode":3,"durationMs":500},' +
        '{"name":"gold","status":"pending","exitCode":null,"durationMs":null}],"rowsWritten":{}}',
    );
  });
});

describe('the last progress before a stage ends', () => {
  const shortStage: RunEvent[] = [
    { type: 'stage-started', at: at(2), stage: 'bronze', command: ['spark-submit'], pid: 42 },
    progress(3, 1),
    progress(4, 12),
    { type: 'stage-finished', at: at(5), stage: 'bronze', status: 'succeeded', exitCode: 0, signal: null, durationMs: 3000 },
  ];

  it('is printed by the plain reporter even when the throttle held it back', () => {
    const { out, text } = textCapture();
    const report = createPlainReporter(out, { progressIntervalMs: 5000 });
    for (const event of shortStage) report(event);
    expect(text()).toContain('01:15:05 bronze progress: 12/12 location-months (100%)\n2026-11-24 01:15:05 bronze succeeded');
  });

  it('is written by the JSON reporter before the stage-finished line', () => {
    const { out, text } = textCapture();
    const report = createJsonReporter(out, { progressIntervalMs: 5000 });
    for (const event of shortStage) report(event);
    const types = text().trim().split('\n').map((line) => JSON.parse(line));
    expect(types.map((event) => [event.type, event.progress?.done])).toEqual([
      ['stage-started', undefined],
      ['stage-progress', 1],
      ['stage-progress', 12],
      ['stage-finished', undefined],
    ]);
  });
});
