import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { fakeSetup } from './harness.js';

const tempDir = useTempDirs();

function capture(onWrite: (text: string) => void = () => {}) {
  let text = '';
  return {
    out: {
      write: (chunk: string) => {
        text += chunk;
        onWrite(chunk);
        return true;
      },
    },
    lines: () => text.trimEnd().split('\n'),
  };
}

describe('runHeadless', () => {
  it('exits 0 and ends JSON output with the summary', async () => {
    const { plan, env } = fakeSetup(tempDir());
    const { out, lines } = capture();
    const code = await runHeadless(plan, { json: true, out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(0);
    const parsed = lines().map((line) => JSON.parse(line));
    expect(parsed[0]).toMatchObject({ type: 'run-started', runId: plan.runId });
    expect(parsed.find((entry) => entry.type === 'stage-started')?.command).toEqual(plan.stages[0]?.command);
    const summary = parsed.at(-1);
    expect(Object.keys(summary)).toEqual(['type', 'status', 'stages', 'rowsWritten', 'coverage']);
    expect(summary.rowsWritten).toEqual({ 'lh.bronze.open_meteo_hourly': 2232, 'lh.silver.air_quality_hourly_clean': 2232, 'lh.gold.fact_air_quality_hourly': 72 });
    expect(summary.type).toBe('summary');
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.map((stage: { name: string; status: string; exitCode: number }) => [stage.name, stage.status, stage.exitCode])).toEqual([
      ['bronze', 'succeeded', 0],
      ['silver', 'succeeded', 0],
      ['gold', 'succeeded', 0],
    ]);
    expect(summary.stages.every((stage: { durationMs: unknown }) => typeof stage.durationMs === 'number')).toBe(true);
  });

  it('exits 1 when a stage fails and prints a plain summary', async () => {
    const { plan, env } = fakeSetup(tempDir(), { behaviour: 'silver=fail:3' });
    const { out, lines } = capture();
    const code = await runHeadless(plan, { json: false, out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(1);
    const text = lines();
    expect(text.some((line) => / silver failed: exit code 3, /.test(line))).toBe(true);
    expect(text.some((line) => / run failed: exit code 1, /.test(line))).toBe(true);
    const table = text.indexOf(text.find((line) => line.startsWith('STAGE '))!);
    expect(text.slice(table, table + 4).map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'STAGE STATUS EXIT',
      'bronze succeeded 0',
      'silver failed 3',
      'gold pending -',
    ]);
  });

  it('turns SIGINT into an abort, exits 130 and removes its signal handlers', async () => {
    const { plan, env } = fakeSetup(tempDir(), { behaviour: 'bronze=slow:60000' });
    const signals = new EventEmitter();
    const { out, lines } = capture((text) => {
      if (text.includes(' bronze started: ')) signals.emit('SIGINT');
    });
    const code = await runHeadless(plan, { json: false, out, signals, runner: { env, sparkUi: false } });
    expect(code).toBe(130);
    expect(lines().some((line) => / run aborted: exit code 130, /.test(line))).toBe(true);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });
});
