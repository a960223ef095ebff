import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { recordedRunsDir } from '../fixtures/recorded-runs.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { fakeSetup } from './harness.js';

process.env.TZ = 'UTC';
const tempDir = useTempDirs();

function capture() {
  let text = '';
  return { out: { write: (chunk: string) => ((text += chunk), true) }, lines: () => text.trimEnd().split('\n') };
}

const CHUNKED = { startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month' as const, parallel: 2 };

describe('runHeadless with chunks', () => {
  it('JSON carries per-chunk events, ETA lines from history, and chunks in the summary', async () => {
    const runsDir = recordedRunsDir(tempDir());
    const { plan, env } = fakeSetup(runsDir, { behaviour: 'bronze-2024-02=fail:4', params: CHUNKED });
    const { out, lines } = capture();
    const code = await runHeadless(plan, { json: true, out, signals: new EventEmitter(), progressIntervalMs: 0, runner: { env, sparkUi: false } });
    expect(code).toBe(1);
    const parsed = lines().map((line) => JSON.parse(line));
    const chunkFinishes = parsed.filter((entry) => entry.type === 'chunk-finished');
    expect(chunkFinishes.map((entry) => [entry.chunk, entry.status]).sort()).toEqual([
      ['2024-01', 'succeeded'],
      ['2024-02', 'failed'],
      ['2024-03', 'succeeded'],
    ]);
    expect(new Set(parsed.filter((entry) => entry.type === 'chunk-progress').map((entry) => entry.chunk))).toEqual(new Set(['2024-01', '2024-02', '2024-03']));
    const firstEta = parsed.find((entry) => entry.type === 'eta');
    expect(firstEta.stages.bronze.source).toBe('history');
    expect(firstEta.run).toMatchObject({ source: 'history' });
    expect(parsed.at(-1).stages[0]).toMatchObject({
      name: 'bronze',
      status: 'failed',
      exitCode: 4,
      chunks: [
        { id: '2024-01', status: 'succeeded', exitCode: 0 },
        { id: '2024-02', status: 'failed', exitCode: 4, startDate: '2024-02-01', endDate: '2024-02-29' },
        { id: '2024-03', status: 'succeeded', exitCode: 0 },
      ],
    });
  });

  it('plain output names chunks, counts them, and points at a failed chunk log', async () => {
    const { plan, env, runDir } = fakeSetup(tempDir(), { behaviour: 'bronze-2024-02=fail:4', params: CHUNKED });
    const { out, lines } = capture();
    const code = await runHeadless(plan, { json: false, out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(1);
    const text = lines().map((line) => line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /, ''));
    expect(text).toContain('bronze started: 3 chunks, up to 2 at once');
    expect(text.some((line) => line.startsWith('bronze[2024-01] started: ') && line.includes('--start-date 2024-01-01 --end-date 2024-01-31'))).toBe(true);
    expect(text).toContain(`    full log: ${runDir}/logs/bronze/2024-02.log`);
    expect(text).toContain('    | ' + text.find((line) => line.includes('bronze failed on purpose'))!.slice(6));
    expect(text.filter((line) => line.startsWith('bronze chunks: ')).at(-1)).toBe('bronze chunks: 2 done, 0 running, 1 failed, 0 pending of 3 (failed: 2024-02)');
    expect(text.slice(-3)).toEqual(['rows written:', '  lh.bronze.open_meteo_hourly  4,464', 'bronze[2024-02] failed: exit 4: failed']);
    expect(text.filter((line) => line.startsWith('bronze chunks: ')).length).toBe(4);
  });
});
