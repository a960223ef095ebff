// The console headless over two months for the three cities, against the sample API on 127.0.0.1, with the
// real jobs on local Spark writing real Iceberg tables; then the same run again and a one-day --override.
import { execa } from 'execa';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, scratchDir } from './support/project.js';
import { startSampleApi, type SampleApi } from './support/sample-api.js';
import { readTableStats } from './support/table-stats.js';

const CITIES = 3;
const DAYS = 31 + 29; // January and February 2024
const HOURLY_ROWS = CITIES * 24 * DAYS;

let api: SampleApi;
const dir = scratchDir('lakehouse');
const warehouse = path.join(dir, 'warehouse');

async function backfill(startDate: string, endDate: string) {
  const result = await execa(
    process.execPath,
    [CLI, '--json', '--start-date', startDate, '--end-date', endDate, '--warehouse', warehouse, '--runs-dir', path.join(dir, 'runs')],
    { cwd: PROJECT_ROOT, env: { AIR_QUALITY_API_URL: api.url, AIR_QUALITY_MIN_REQUEST_INTERVAL: '0' }, stdin: 'ignore', reject: false },
  );
  const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return { exitCode: result.exitCode, events, summary: events.at(-1), stderr: result.stderr };
}

beforeAll(async () => {
  api = await startSampleApi();
});

afterAll(async () => {
  await api.stop();
});

describe('a real backfill on local Spark', () => {
  let firstCounts: Record<string, number>;

  it('fills bronze, silver and gold for two months of three cities', async () => {
    const run = await backfill('2024-01-01', '2024-02-29');
    expect(run.summary, run.stderr).toMatchObject({
      type: 'summary',
      status: 'succeeded',
      stages: [
        { name: 'bronze', status: 'succeeded', exitCode: 0 },
        { name: 'silver', status: 'succeeded', exitCode: 0 },
        { name: 'gold', status: 'succeeded', exitCode: 0 },
      ],
    });
    expect(run.exitCode).toBe(0);
    const bronzeProgress = run.events.filter((event) => event.type === 'stage-progress' && event.stage === 'bronze');
    expect(bronzeProgress.at(-1)?.progress).toMatchObject({ done: 6, total: 6, unit: 'location-months' });

    const stats = await readTableStats(warehouse);
    const counts = stats.row_counts;
    expect(counts['lh.bronze.open_meteo_hourly']).toBe(HOURLY_ROWS);
    expect(counts['lh.silver.air_quality_hourly_clean']).toBe(HOURLY_ROWS);
    expect(counts['lh.gold.fact_air_quality_hourly']).toBe(HOURLY_ROWS);
    expect(counts['lh.gold.fact_city_daily']).toBe(CITIES * DAYS);
    expect(stats.daily_location_days).toBe(CITIES * DAYS);
    expect(counts['lh.gold.dim_location']).toBe(CITIES);
    expect(counts['lh.gold.dim_time']).toBe(24);
    expect(counts['lh.gold.fact_episode']).toBeGreaterThan(0); // Hanoi's winter haze
    expect(Object.values(stats.duplicate_keys)).toEqual([0, 0, 0]);
    for (const table of ['lh.gold.fact_air_quality_hourly', 'lh.gold.fact_city_daily']) {
      for (const standard of ['us_aqi', 'vn_aqi']) {
        const { min, max } = stats.aqi_ranges[table][standard];
        expect(min).toBeGreaterThanOrEqual(0);
        expect(max).toBeLessThanOrEqual(500);
        expect(max).toBeGreaterThan(min);
      }
    }
    firstCounts = counts;
  });

  it('changes no row count when the same run is repeated, or one day is overridden', async () => {
    expect((await backfill('2024-01-01', '2024-02-29')).summary.status).toBe('succeeded');
    expect((await readTableStats(warehouse)).row_counts).toEqual(firstCounts);

    expect((await backfill('2024-01-15', '2024-01-15')).summary.status).toBe('succeeded');
    const stats = await readTableStats(warehouse);
    expect(stats.row_counts).toEqual(firstCounts);
    expect(Object.values(stats.duplicate_keys)).toEqual([0, 0, 0]);
  });
});
