// The real bronze job on local Spark over six months: one submit for the whole range against monthly
// chunks (one fresh JVM each) run one at a time and two at a time. For each: wall time of `backfill
// --headless`, and peak resident memory of the Spark processes (the sum over the console's process tree,
// the console itself left out, sampled from /proc every SAMPLE_MS). Takes several minutes, so it runs
// only with BENCH_SPARK=1. Needs scripts/setup.sh done (venv with pyspark, Iceberg jar); talks only to
// the sample API on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, scratch, treeRssMiB } from './lib.mjs';

if (process.env.BENCH_SPARK !== '1') {
  console.log(JSON.stringify({ bench: 'chunks-spark', skipped: 'set BENCH_SPARK=1 to run (several minutes of local Spark)' }));
  process.exit(0);
}

const cli = process.env.BACKFILL_CLI ?? CLI;
const START = process.env.START_DATE ?? '2024-01-01';
const END = process.env.END_DATE ?? '2024-06-30';
const SAMPLE_MS = Number(process.env.SAMPLE_MS ?? 250);
const VARIANTS = [
  { name: 'one-submit', args: [] },
  { name: 'monthly-parallel-1', args: ['--chunk', 'month', '--parallel', '1'] },
  { name: 'monthly-parallel-2', args: ['--chunk', 'month', '--parallel', '2'] },
].filter((variant) => !process.env.VARIANTS || process.env.VARIANTS.split(',').includes(variant.name));

/** Starts the sample API on a free loopback port; resolves to its URL and a stop function. */
async function startSampleApi() {
  const portFile = path.join(scratch('api'), 'url');
  const api = spawn(path.join(ROOT, '.venv', 'bin', 'python'), ['-m', 'devtools.sample_api.server', '--port', '0', '--port-file', portFile], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  for (let waited = 0; !existsSync(portFile) || readFileSync(portFile, 'utf8').trim() === ''; waited += 100) {
    if (waited > 30_000 || api.exitCode !== null) throw new Error('the sample API did not start');
    await sleep(100);
  }
  return { url: readFileSync(portFile, 'utf8').trim(), stop: () => api.kill('SIGTERM') };
}

function rssMiB(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function runVariant(variant, apiUrl) {
  const dir = scratch(`spark-${variant.name}`);
  const args = [
    cli, '--headless', '--start-date', START, '--end-date', END, '--skip-silver', '--skip-gold',
    '--spark-submit', path.join(ROOT, 'scripts', 'spark_submit.sh'),
    '--warehouse', path.join(dir, 'warehouse'), '--runs-dir', path.join(dir, 'runs'), ...variant.args,
  ];
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, AIR_QUALITY_API_URL: apiUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keepTail = (data) => (tail = (tail + data.toString()).slice(-4000));
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let peakSparkMiB = 0;
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    peakSparkMiB = Math.max(peakSparkMiB, treeRssMiB(child.pid) - rssMiB(child.pid));
    await Promise.race([sleep(SAMPLE_MS), exited]);
  }
  const code = await exited;
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) process.stderr.write(`${variant.name} exited ${code}; output tail:\n${tail}\n`);
  return { variant: variant.name, exitCode: code, wallMs: Math.round(wallMs), peakSparkRssMiB: Math.round(peakSparkMiB), runsDir: path.join(dir, 'runs') };
}

const api = await startSampleApi();
try {
  for (const variant of VARIANTS) {
    console.log(JSON.stringify({ bench: 'chunks-spark', start: START, end: END, ...(await runVariant(variant, api.url)) }));
  }
} finally {
  api.stop();
}
