// The seed's "custom locations file": a backfill over three made-up cities, with the console's --locations and
// --pollutants files, on local Spark against the sample API. Every layer must hold exactly those cities.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PROJECT_ROOT, scratchDir } from './support/project.js';
import { startSampleApi, type SampleApi } from './support/sample-api.js';
import { readTableStats } from './support/table-stats.js';

const dir = scratchDir('custom-locations');
const warehouse = path.join(dir, 'warehouse');
const CITIES = [
  { location_key: 'atlantis', location_name: 'Atlantis', latitude: 20.5, longitude: 105.5, timezone: 'Asia/Ho_Chi_Minh' },
  { location_key: 'elbonia', location_name: 'Elbonia', latitude: 12.1, longitude: 107.9, timezone: 'Asia/Ho_Chi_Minh' },
  { location_key: 'ruritania', location_name: 'Ruritania', latitude: 16.9, longitude: 106.1, timezone: 'Asia/Bangkok' },
];
const DAYS = 3;
let api: SampleApi;

beforeAll(async () => {
  api = await startSampleApi();
  fs.writeFileSync(path.join(dir, 'cities.jsonl'), CITIES.map((city) => JSON.stringify(city)).join('\n') + '\n');
  fs.copyFileSync(path.join(PROJECT_ROOT, 'config', 'pollutants.jsonl'), path.join(dir, 'pollutants.jsonl'));
});

afterAll(async () => {
  await api.stop();
});

describe('--locations and --pollutants files end to end', () => {
  it('a run over three made-up cities gives exactly their rows in bronze, silver and gold', async () => {
    const result = await execa(
      process.execPath,
      [CLI, '--json', '--start-date', '2024-03-01', '--end-date', '2024-03-03', '--locations', 'cities.jsonl', '--pollutants', 'pollutants.jsonl', '--warehouse', warehouse, '--runs-dir', path.join(dir, 'runs')],
      { cwd: dir, env: { AIR_QUALITY_API_URL: api.url, AIR_QUALITY_MIN_REQUEST_INTERVAL: '0' }, stdin: 'ignore', reject: false },
    );
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary, result.stderr).toMatchObject({ status: 'succeeded' });
    expect(result.exitCode).toBe(0);

    const stats = await readTableStats(warehouse);
    const keys = CITIES.map((city) => city.location_key).sort();
    for (const table of ['lh.bronze.open_meteo_hourly', 'lh.silver.air_quality_hourly_clean', 'lh.gold.fact_air_quality_hourly', 'lh.gold.dim_location', 'lh.gold.fact_city_daily']) {
      expect(stats.location_keys[table], table).toEqual(keys);
    }
    expect(stats.row_counts['lh.bronze.open_meteo_hourly']).toBe(CITIES.length * 24 * DAYS);
    expect(stats.row_counts['lh.gold.fact_air_quality_hourly']).toBe(CITIES.length * 24 * DAYS);
    expect(stats.row_counts['lh.gold.dim_location']).toBe(CITIES.length);
  });
});
