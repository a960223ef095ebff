// backfill on YARN with an HDFS warehouse, both started on this machine by scripts/cluster.sh up yarn (real
// Hadoop 3.3.4 daemons from Maven Central). A month's backfill with every stage in chunks, two at once, gives the
// row counts of a local run; an abort with no `yarn` command on PATH (as on a pip-pyspark edge node) ends the
// application KILLED on the ResourceManager, with no container and no staging folder left.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { onCluster } from './support/cluster.js';
import { readTableStats } from './support/table-stats.js';

const yarn = onCluster('yarn', 300_000);
const backfill = (args: string[], extraEnv?: Record<string, string>) => yarn.backfill(args, extraEnv);

async function rm<T>(apiPath: string): Promise<T> {
  return (await (await fetch(`${yarn.env.BACKFILL_TEST_RM}/ws/v1/cluster/${apiPath}`)).json()) as T;
}

describe('on YARN with an HDFS warehouse', () => {
  it('backfills a month, every stage in chunks two at once, with the rows of a local run and the console\'s app names', async () => {
    const warehouse = `${yarn.env.BACKFILL_TEST_WAREHOUSE}/month`;
    const result = await backfill(['--start-date', '2024-01-01', '--end-date', '2024-01-31', '--warehouse', warehouse, '--chunk', '16d', '--parallel', '2']);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.at(-1), result.stderr.slice(-3000)).toMatchObject({ type: 'summary', status: 'succeeded' });
    const runId = events[0].runId as string;

    let running = 0;
    let peak = 0;
    for (const event of events) {
      if (event.type === 'chunk-started') peak = Math.max(peak, ++running);
      if (event.type === 'chunk-finished') running--;
    }
    expect(peak).toBe(2);

    const stats = await readTableStats(warehouse);
    for (const table of ['lh.bronze.open_meteo_hourly', 'lh.silver.air_quality_hourly_clean', 'lh.gold.fact_air_quality_hourly']) {
      expect(stats.row_counts[table], table).toBe(3 * 24 * 31);
    }
    const apps = (await rm<{ apps: { app: Array<{ name: string; state: string; finalStatus: string }> } }>('apps')).apps.app;
    expect(apps.filter((app) => app.name.startsWith(`backfill-${runId}-`)).map((app) => app.name).sort()).toEqual([
      `backfill-${runId}-bronze-2024-01-01`,
      `backfill-${runId}-bronze-2024-01-17`,
      `backfill-${runId}-gold-2024-01-01`,
      `backfill-${runId}-gold-2024-01-17`,
      `backfill-${runId}-silver-2024-01-01`,
      `backfill-${runId}-silver-2024-01-17`,
    ]);
    // progress came through the ResourceManager's proxy
    expect(events.some((event) => event.type === 'spark-ui' && /\/proxy\/application_/.test(event.url))).toBe(true);
  }, 900_000);

  it('aborts with no yarn command: the application ends KILLED, no container or staging folder is left', async () => {
    const run = backfill(['--start-date', '2024-01-01', '--end-date', '2024-06-30', '--warehouse', `${yarn.env.BACKFILL_TEST_WAREHOUSE}/abort`], {
      AIR_QUALITY_MIN_REQUEST_INTERVAL: '0.2',
      PATH: process.env.PATH!.split(':').filter((dir) => !dir.includes('hadoop')).join(':'),
    });
    let output = '';
    run.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 1200 && !/"trackingUrl"/.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr.slice(-2000)).toBe(130);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const kill = events.find((event) => event.type === 'yarn-kill');
    expect(kill).toMatchObject({ stage: 'bronze', ok: true, finalState: 'KILLED', message: expect.stringMatching(/killed on the ResourceManager.*staging folder .* removed/) });
    expect((await rm<{ state: string }>(`apps/${kill.appId}/state`)).state).toBe('KILLED');
    let containers = -1;
    for (let i = 0; i < 60 && containers !== 0; i++) {
      containers = (await rm<{ clusterMetrics: { containersAllocated: number } }>('metrics')).clusterMetrics.containersAllocated;
      if (containers !== 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(containers).toBe(0);
    const user = os.userInfo().username;
    const staging = await fetch(`${yarn.env.BACKFILL_TEST_WEBHDFS}/webhdfs/v1/user/${user}/.sparkStaging/${kill.appId}?op=GETFILESTATUS&user.name=${user}`);
    expect(staging.status).toBe(404);
  }, 300_000);
});
