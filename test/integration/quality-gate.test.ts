import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { checkCompleteness } from '../../src/runner/run/quality-gate.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textCapture } from '../fixtures/text-sink.js';
import { calledNames, fakeRun, fakeSetup } from './harness.js';

process.env.TZ = 'UTC';
const tempDir = useTempDirs();
const RANGE = { startDate: '2024-01-01', endDate: '2024-01-05' };

describe('--min-completeness', () => {
  it('fails the run before gold on holes, naming the worst location-days, and records coverage and gate', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'silver=holes', params: { ...RANGE, minCompleteness: 90 } });
    const record = await run.runner.start();
    expect(record.status).toBe('failed');
    expect(record.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'pending']);
    expect(calledNames(run.files.calls).some((name) => name.endsWith('-gold'))).toBe(false);
    expect(record.qualityGate).toMatchObject({ passed: false, minCompleteness: 90 });
    expect(record.qualityGate!.message).toBe(
      '3 location-day(s) below --min-completeness 90%; the worst: hanoi 2024-01-02 0/24h, hanoi 2024-01-03 0/24h, hcmc 2024-01-01 12/24h. Gold did not run.',
    );
    const stored = readRunRecord(run.runDir);
    expect(stored.coverage?.locations.hanoi).toEqual([24, 0, 0, 24, 24]);
    expect(stored.qualityGate?.passed).toBe(false);
    const events = fs.readFileSync(path.join(run.runDir, 'events.ndjson'), 'utf8');
    expect(events).toContain('"type":"quality-gate"');
  });

  it('with silver in chunks, lays the coverage of each chunk over the others and gates on the whole range', async () => {
    const run = fakeRun(tempDir(), { behaviour: 'silver=holes', params: { ...RANGE, chunk: '3d', minCompleteness: 90 } });
    const record = await run.runner.start();
    expect(record.stages[1]!.chunks!.map((chunk) => chunk.id)).toEqual(['2024-01-01', '2024-01-04']);
    expect(record.status).toBe('failed');
    expect(calledNames(run.files.calls).some((name) => name.includes('-gold'))).toBe(false);
    // Each chunk's holes are at its own 2nd and 3rd day, and hcmc's at its 1st.
    expect(record.coverage).toMatchObject({ start: '2024-01-01', end: '2024-01-05' });
    expect(record.coverage?.locations).toEqual({ danang: [24, 24, 24, 24, 24], hanoi: [24, 0, 0, 24, 0], hcmc: [12, 24, 24, 12, 24] });
    expect(record.qualityGate?.message).toMatch(/^5 location-day\(s\) below --min-completeness 90%/);
  });

  it('lets gold run when every location-day is complete enough', async () => {
    const run = fakeRun(tempDir(), { params: { ...RANGE, minCompleteness: 100 } });
    const record = await run.runner.start();
    expect(record.status).toBe('succeeded');
    expect(record.qualityGate).toMatchObject({ passed: true });
  });

  it('headless plain output ends with the rows per table and the coverage grid', async () => {
    const { plan, env } = fakeSetup(tempDir(), { behaviour: 'silver=holes', params: { ...RANGE, minCompleteness: 40 } });
    const { out, text } = textCapture();
    const code = await runHeadless(plan, { json: false, out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(1);
    const lines = text().trimEnd().split('\n');
    expect(lines.slice(-8)).toEqual([
      'rows written:',
      '  lh.bronze.open_meteo_hourly         360',
      '  lh.silver.air_quality_hourly_clean  360',
      'coverage: complete hours per day, 2024-01-01 → 2024-01-05 (█ 100%  ▓ ≥75%  ▒ ≥50%  ░ >0%  · none)',
      '  danang  █████',
      '  hanoi   █··██',
      '  hcmc    ▒████',
      'quality gate: 2 location-day(s) below --min-completeness 40%; the worst: hanoi 2024-01-02 0/24h, hanoi 2024-01-03 0/24h. Gold did not run.',
    ]);
  });
});

describe('checkCompleteness', () => {
  it('names at most five worst location-days, worst first', () => {
    const gate = checkCompleteness({ start: '2024-01-01', end: '2024-01-07', hoursPerDay: 24, pollutants: [], locations: { a: [0, 1, 2, 3, 4, 5, 24] } }, 50);
    expect(gate.worst.map((day) => day.completeHours)).toEqual([0, 1, 2, 3, 4]);
  });
});
