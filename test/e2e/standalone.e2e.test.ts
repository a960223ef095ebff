// backfill on a Spark standalone cluster started on this machine (scripts/cluster.sh up standalone): the venv's
// own Spark, a master and a worker. A run fills the tables as on local Spark, each application named after its
// run and stage; an abort kills the application on the master, which reports it KILLED.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onCluster, standaloneApps } from './support/cluster.js';
import { readTableStats } from './support/table-stats.js';

const standalone = onCluster('standalone', 120_000);
const { dir } = standalone;
const backfill = (args: string[], extraEnv?: Record<string, string>) => standalone.backfill(args, extraEnv);

describe('on a Spark standalone cluster', () => {
  it('runs bronze, silver and gold as applications named after the run, with the rows of a local run', async () => {
    const warehouse = path.join(dir, 'warehouse');
    const result = await backfill(['--start-date', '2024-03-01', '--end-date', '2024-03-03', '--warehouse', warehouse]);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.at(-1), result.stderr).toMatchObject({ type: 'summary', status: 'succeeded' });
    const runId = lines[0].runId as string;
    const stats = await readTableStats(warehouse);
    expect(stats.row_counts['lh.bronze.open_meteo_hourly']).toBe(3 * 24 * 3);
    expect(stats.row_counts['lh.gold.fact_air_quality_hourly']).toBe(3 * 24 * 3);
    const ours = (await standaloneApps(standalone.env.BACKFILL_TEST_MASTER_UI!)).filter((app) => app.name.startsWith(`backfill-${runId}-`));
    expect(ours.map((app) => [app.name, app.state]).sort()).toEqual(
      ['bronze', 'gold', 'silver'].map((stage) => [`backfill-${runId}-${stage}`, 'FINISHED']),
    );
  }, 400_000);

  it('kills the application on the master when the run is aborted, and records it KILLED', async () => {
    // Slow requests keep bronze busy for minutes: the abort comes while its application runs.
    const run = backfill(['--start-date', '2024-01-01', '--end-date', '2024-06-30', '--warehouse', path.join(dir, 'warehouse-abort'), '--grace', '20'], {
      AIR_QUALITY_MIN_REQUEST_INTERVAL: '0.2',
    });
    let output = '';
    run.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 600 && !/"type":"spark-app".*"appId":"app-/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(130);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const runId = events[0].runId as string;
    const kill = events.find((event) => event.type === 'yarn-kill');
    expect(kill).toMatchObject({ stage: 'bronze', ok: true, finalState: 'KILLED' });
    const apps = await standaloneApps(standalone.env.BACKFILL_TEST_MASTER_UI!);
    expect(apps.find((app) => app.name === `backfill-${runId}-bronze`)?.state).toBe('KILLED');
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'runs', runId, 'run.json'), 'utf8'));
    expect(record.stages[0]).toMatchObject({ status: 'aborted', spark: { appId: kill.appId, finalState: 'KILLED' } });
  }, 300_000);
});
