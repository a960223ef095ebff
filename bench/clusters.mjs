// The same backfill on local Spark, on Spark standalone and on YARN + HDFS, all on this machine
// (scripts/cluster.sh): per-stage wall time (run.json) and the memory of the cluster's daemons (their process
// trees' RSS, idle and at the end), then the cost of one submit on YARN with and without the Spark jars archive.
// Opt-in and slow (BENCH_CLUSTERS=1 in bench/run.sh): CLUSTER_DAYS (default 31) days of the sample API.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, ROOT, scratch, timed, treeRssMiB } from './lib.mjs';

const DAYS = Number(process.env.CLUSTER_DAYS ?? 31);
const end = new Date(Date.UTC(2024, 0, DAYS)).toISOString().slice(0, 10);
const CLUSTER = path.join(ROOT, 'scripts', 'cluster.sh');

function up(kind) {
  const out = execFileSync(CLUSTER, ['up', kind], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return Object.fromEntries([...out.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map((match) => [match[1], match[2]]));
}

function daemonsRss(kind) {
  const dir = path.join(ROOT, '.cluster', kind);
  return readdirSync(dir).filter((name) => name.endsWith('.pid')).reduce((sum, name) => sum + treeRssMiB(Number(readFileSync(path.join(dir, name), 'utf8'))), 0);
}

async function startApi() {
  const portFile = path.join(scratch('api'), 'url');
  const server = spawn(path.join(ROOT, '.venv/bin/python'), ['-m', 'devtools.sample_api.server', '--port', '0', '--port-file', portFile], { cwd: ROOT, stdio: 'ignore' });
  while (!existsSync(portFile) || !readFileSync(portFile, 'utf8').trim()) await new Promise((resolve) => setTimeout(resolve, 100));
  return { url: readFileSync(portFile, 'utf8').trim(), stop: () => server.kill() };
}

async function backfill(master, warehouse, env) {
  const runsDir = scratch('cluster-runs');
  const args = [CLI, '--headless', '--master', master, '--start-date', '2024-01-01', '--end-date', end, '--warehouse', warehouse, '--runs-dir', runsDir];
  const { ms, code } = await timed(process.execPath, args, { env: { ...process.env, ...env } });
  const [runId] = readdirSync(runsDir);
  const record = JSON.parse(readFileSync(path.join(runsDir, runId, 'run.json'), 'utf8'));
  return { code, ms, stages: Object.fromEntries(record.stages.map((stage) => [stage.name, stage.durationMs])) };
}

const api = await startApi();
const apiEnv = { AIR_QUALITY_API_URL: api.url, AIR_QUALITY_MIN_REQUEST_INTERVAL: '0' };
try {
  const local = await backfill('local[*]', path.join(scratch('wh'), 'warehouse'), apiEnv);
  console.log(JSON.stringify({ bench: 'clusters', master: 'local[*]', days: DAYS, ...local }));

  const standalone = up('standalone');
  const idle = daemonsRss('standalone');
  const onStandalone = await backfill(standalone.BACKFILL_TEST_MASTER, path.join(scratch('wh'), 'warehouse'), { ...apiEnv, ...standalone });
  console.log(JSON.stringify({ bench: 'clusters', master: 'standalone', days: DAYS, ...onStandalone, daemonsIdleMiB: Math.round(idle), daemonsAfterMiB: Math.round(daemonsRss('standalone')) }));
  execFileSync(CLUSTER, ['down', 'standalone'], { stdio: 'ignore' });

  const yarn = up('yarn');
  const yarnIdle = daemonsRss('yarn');
  const onYarn = await backfill('yarn', `${yarn.BACKFILL_TEST_WAREHOUSE}/bench-${Date.now()}`, { ...apiEnv, ...yarn });
  console.log(JSON.stringify({ bench: 'clusters', master: 'yarn', days: DAYS, ...onYarn, daemonsIdleMiB: Math.round(yarnIdle), daemonsAfterMiB: Math.round(daemonsRss('yarn')) }));

  // One submit of an app that does nearly nothing: the fixed cost of an application on YARN.
  const app = path.join(scratch('app'), 'noop.py');
  writeFileSync(app, 'from pyspark.sql import SparkSession\nSparkSession.builder.getOrCreate().range(1).count()\n');
  const submit = (env) => timed(path.join(ROOT, 'scripts', 'spark_submit.sh'), ['--master', 'yarn', app], { env: { ...process.env, ...env } });
  const { SPARK_YARN_ARCHIVE: archive, ...withoutArchive } = yarn;
  const withArchive = await submit({ ...yarn, SPARK_YARN_ARCHIVE: archive });
  const without = await submit(withoutArchive);
  console.log(JSON.stringify({ bench: 'clusters', submitOnYarn: { withArchiveMs: Math.round(withArchive.ms), withoutArchiveMs: Math.round(without.ms) } }));
} finally {
  api.stop();
  execFileSync(CLUSTER, ['down'], { stdio: 'ignore' });
}
