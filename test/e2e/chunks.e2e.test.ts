// The rule of chunks: a run with every stage in chunks (silver by month and gold by 3 days; both by ISO week;
// two at once) leaves exactly the rows the same run leaves unchunked, in every silver and gold table. (Every
// cut's edges are also checked without Spark in test/plan/chunks.test.ts and jobs/tests; YARN runs every
// stage in 16-day chunks in yarn.e2e.test.ts.) Real spark-submit through the console,
// against the sample API. Bronze runs once; each variant runs silver and gold on a copy of that warehouse.
// Compared: every column of every row, except `_processed_at` (when silver processed the row); doubles to
// 12 significant digits (devtools/table_dump.py). The range crosses a month edge, and the sample API's
// Hanoi has an episode from 2024-01-31 21:00 to 2024-02-01 04:00 across it, and one from 01-28 09:00 to
// 01-30 20:00 across a 3-day edge.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChunks } from '../../src/runner/plan/chunks.js';
import { CLI, PROJECT_ROOT, SPARK_SUBMIT, scratchDir } from './support/project.js';
import { startSampleApi, type SampleApi } from './support/sample-api.js';
import type { ChunkSpec } from '../../src/runner/plan/plan-types.js';

// 9 days: two month chunks, two ISO weeks, three 3-day chunks; kept short for CI's budget.
const START = '2024-01-27';
const END = '2024-02-04';
const CITIES = ['hanoi', 'hcmc'];
const EPISODES = 'lh.gold.fact_episode';

const dir = scratchDir('chunks');
const bronzeOnly = path.join(dir, 'bronze-only');
let api: SampleApi;

interface TableDump {
  columns: string[];
  rows: unknown[][];
}
type Dump = Record<string, TableDump | null>;

async function backfill(warehouse: string, extra: string[]) {
  const result = await execa(
    process.execPath,
    [CLI, '--json', '--start-date', START, '--end-date', END, '--locations', 'cities.jsonl', '--warehouse', warehouse, '--runs-dir', path.join(dir, 'runs'), ...extra],
    { cwd: dir, env: { AIR_QUALITY_API_URL: api.url, AIR_QUALITY_MIN_REQUEST_INTERVAL: '0' }, stdin: 'ignore', reject: false },
  );
  const events = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(events.at(-1), result.stderr.split('\n').slice(-20).join('\n')).toMatchObject({ type: 'summary', status: 'succeeded' });
  expect(result.exitCode).toBe(0);
  return events;
}

async function dumpTables(warehouse: string): Promise<Dump> {
  const out = path.join(dir, `${path.basename(warehouse)}.json`);
  const result = await execa(SPARK_SUBMIT, ['devtools/table_dump.py', '--', '--warehouse', warehouse, '--out', out], {
    cwd: PROJECT_ROOT,
    env: { WAREHOUSE_URI: warehouse },
    stdin: 'ignore',
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error(`table_dump failed (exit ${result.exitCode}):\n${result.stderr.split('\n').slice(-20).join('\n')}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Dump;
}

/** Silver and gold over a copy of the bronze-only warehouse, with these chunk flags. */
async function variant(name: string, flags: string[]) {
  const warehouse = path.join(dir, name);
  fs.cpSync(bronzeOnly, warehouse, { recursive: true });
  const events = await backfill(warehouse, ['--skip-bronze', ...flags]);
  return { events, dump: await dumpTables(warehouse) };
}

const chunksStarted = (events: Record<string, unknown>[], stage: string) =>
  events.filter((event) => event.type === 'chunk-started' && event.stage === stage).map((event) => event.chunk as string).sort();

function episodes(dump: Dump): Array<{ location: string; start: string; end: string }> {
  const table = dump[EPISODES]!;
  const at = (column: string) => table.columns.indexOf(column);
  return table.rows.map((row) => ({ location: row[at('location_key')] as string, start: row[at('start_ts_utc')] as string, end: row[at('end_ts_utc')] as string }));
}

beforeAll(async () => {
  api = await startSampleApi();
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, 'config', 'locations.jsonl'), 'utf8').split('\n');
  fs.writeFileSync(path.join(dir, 'cities.jsonl'), lines.filter((line) => CITIES.some((city) => line.includes(`"${city}"`))).join('\n') + '\n');
  await backfill(bronzeOnly, ['--skip-silver', '--skip-gold']);
});

afterAll(async () => {
  await api.stop();
});

describe('silver and gold in chunks', () => {
  let whole: Dump | undefined;

  it('the unchunked run: every table filled, a Hanoi episode across the month edge', async () => {
    whole = (await variant('whole', [])).dump;
    for (const [table, contents] of Object.entries(whole)) expect(contents?.rows.length, table).toBeGreaterThan(0);
    expect(whole['lh.gold.fact_air_quality_hourly']!.rows.length).toBe(CITIES.length * 24 * 9);
    const across = episodes(whole).filter((episode) => episode.start < '2024-02-01T00:00:00' && episode.end >= '2024-02-01T00:00:00');
    expect(across.map((episode) => episode.location)).toContain('hanoi');
  });

  it.each<[ChunkSpec, ChunkSpec]>([
    ['month', '3d'],
    ['week', 'week'],
  ])('--chunk %s --chunk gold=%s --parallel 2 gives exactly the rows of the unchunked run in every silver and gold table', async (silverChunk, goldChunk) => {
    expect(whole, 'the unchunked run').toBeDefined();
    const chunked = await variant(`chunked-${silverChunk}-${goldChunk}`, ['--chunk', silverChunk, '--chunk', `gold=${goldChunk}`, '--parallel', '2']);
    const planned = (spec: ChunkSpec) => planChunks(START, END, spec).map((chunk) => chunk.id).sort();
    expect(chunksStarted(chunked.events, 'silver')).toEqual(planned(silverChunk));
    expect(chunksStarted(chunked.events, 'gold')).toEqual(planned(goldChunk));
    for (const table of Object.keys(whole!)) expect(chunked.dump[table], table).toEqual(whole![table]);
    // An episode across one of gold's edges is one row, as unchunked (the rows are equal above).
    const edges = planChunks(START, END, goldChunk).slice(1).map((chunk) => `${chunk.startDate}T00:00:00`);
    const spanning = episodes(chunked.dump).filter((episode) => edges.some((edge) => episode.start < edge && episode.end >= edge));
    expect(spanning.length, `an episode across a --chunk gold=${goldChunk} edge`).toBeGreaterThan(0);
  });
});
