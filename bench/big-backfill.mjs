// Memory that does not grow with the range (issue 15): the real console (`dist/cli.js --json`) runs bronze,
// silver and gold on local Spark (defaults: 2 GB driver, no --conf) against the sample API on 127.0.0.1, for
// 3 and 60 locations (bench/locations-60.jsonl) over one month and 22 months, unchunked and with
// `--chunk month` (and `--parallel 2`). Per stage: wall time, and every stage JVM's peak RSS: the java
// processes under the stage's spark-submit (found from the `stage-started` event's pid through /proc), each
// read from VmHWM, the kernel's high-water mark, so no sample can miss a peak; a chunked stage reports its
// largest JVM. Takes a long time, so it runs only with BENCH_SPARK=1; SCENARIOS=a,b picks some.
// Prints one JSON line per scenario, then a markdown table.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, scratch } from './lib.mjs';

if (process.env.BENCH_SPARK !== '1') {
  console.log(JSON.stringify({ bench: 'big-backfill', skipped: 'set BENCH_SPARK=1 to run (up to an hour of local Spark)' }));
  process.exit(0);
}

const cli = process.env.BACKFILL_CLI ?? CLI;
const SAMPLE_MS = Number(process.env.SAMPLE_MS ?? 500);
const THREE = path.join(ROOT, 'config', 'locations.jsonl');
const SIXTY = path.join(ROOT, 'bench', 'locations-60.jsonl');
const MONTH = ['2024-01-01', '2024-01-31'];
const LONG = ['2024-01-01', '2025-10-31'];
const SCENARIOS = [
  { name: '3loc-1month', locations: THREE, range: MONTH, args: [] },
  { name: '3loc-22months', locations: THREE, range: LONG, args: [] },
  { name: '60loc-1month', locations: SIXTY, range: MONTH, args: [] },
  { name: '60loc-22months', locations: SIXTY, range: LONG, args: [] },
  { name: '60loc-22months-chunk-month', locations: SIXTY, range: LONG, args: ['--chunk', 'month'] },
  { name: '60loc-22months-chunk-month-parallel-2', locations: SIXTY, range: LONG, args: ['--chunk', 'month', '--parallel', '2'] },
  // Gold alone in month chunks over a copy of a warehouse whose silver holds the 22 months
  // (BENCH_SILVER_WAREHOUSE, e.g. the warehouse the 60loc-22months scenario leaves): the gold chunks' figures
  // without the hour and a half of bronze and silver before them.
  { name: '60loc-22months-gold-chunk-month', locations: SIXTY, range: LONG, args: ['--skip-bronze', '--skip-silver', '--chunk', 'month'], fromWarehouse: process.env.BENCH_SILVER_WAREHOUSE },
  // Bronze and silver's last three month chunks over that warehouse: the chunks that meet the fullest tables.
  { name: '60loc-last-3-months-chunk-month-over-22', locations: SIXTY, range: ['2025-08-01', '2025-10-31'], args: ['--skip-gold', '--chunk', 'month'], fromWarehouse: process.env.BENCH_SILVER_WAREHOUSE },
].filter((scenario) => !process.env.SCENARIOS || process.env.SCENARIOS.split(',').includes(scenario.name));

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

/** The processes under `rootPid` whose name passes `isWanted` (spark-submit is a shell script that starts the
 *  JVM, which starts the job's Python driver). */
function descendants(rootPid, isWanted) {
  const children = new Map();
  const names = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1].split(' ')[1]);
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    if (isWanted(names.get(pid) ?? '')) found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

function vmHwmMiB(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function runScenario(scenario, apiUrl) {
  const dir = scratch(`big-${scenario.name}`);
  if ('fromWarehouse' in scenario) {
    if (!scenario.fromWarehouse) throw new Error(`${scenario.name} needs BENCH_SILVER_WAREHOUSE: a warehouse whose silver holds ${scenario.range.join(' to ')}`);
    cpSync(scenario.fromWarehouse, path.join(dir, 'warehouse'), { recursive: true });
  }
  const args = [
    cli, '--json', '--start-date', scenario.range[0], '--end-date', scenario.range[1], '--locations', scenario.locations,
    '--spark-submit', path.join(ROOT, 'scripts', 'spark_submit.sh'),
    '--warehouse', path.join(dir, 'warehouse'), '--runs-dir', path.join(dir, 'runs'), ...scenario.args,
  ];
  const env = { ...process.env, AIR_QUALITY_API_URL: apiUrl, AIR_QUALITY_MIN_REQUEST_INTERVAL: process.env.AIR_QUALITY_MIN_REQUEST_INTERVAL ?? '0.05' };
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stagePids = new Map(); // pid -> stage
  const chunkPids = new Map(); // pid -> "stage chunk"
  const chunkPeaks = {}; // "stage chunk" -> largest JVM's VmHWM (MiB): does a chunk's JVM grow along the range?
  const stages = {}; // stage -> { wallMs, status, peakJvmRssMiB }
  let pending = '';
  child.stdout.on('data', (data) => {
    pending += data.toString();
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        continue;
      }
      const stage = event.stage;
      if (!stage) continue;
      stages[stage] ??= { wallMs: null, status: null, peakJvmRssMiB: 0, peakPythonRssMiB: 0 };
      if (event.type === 'stage-started' && event.pid) stagePids.set(event.pid, stage);
      if (event.type === 'chunk-started' && event.pid) {
        stagePids.set(event.pid, stage);
        chunkPids.set(event.pid, `${stage} ${event.chunk}`);
      }
      if (event.type === 'stage-finished') Object.assign(stages[stage], { wallMs: event.durationMs, status: event.status });
    }
  });
  let stderrTail = '';
  child.stderr.on('data', (data) => (stderrTail = (stderrTail + data.toString()).slice(-2000)));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    for (const [pid, stage] of stagePids) {
      for (const java of descendants(pid, (name) => name === 'java')) {
        const peak = vmHwmMiB(java);
        stages[stage].peakJvmRssMiB = Math.max(stages[stage].peakJvmRssMiB, peak);
        const chunk = chunkPids.get(pid);
        if (chunk) chunkPeaks[chunk] = Math.max(chunkPeaks[chunk] ?? 0, Math.round(peak));
      }
      for (const python of descendants(pid, (name) => name.startsWith('python'))) {
        stages[stage].peakPythonRssMiB = Math.max(stages[stage].peakPythonRssMiB, vmHwmMiB(python));
      }
    }
    await Promise.race([sleep(SAMPLE_MS), exited]);
  }
  const exitCode = await exited;
  if (exitCode !== 0) process.stderr.write(`${scenario.name} exited ${exitCode}; stderr tail:\n${stderrTail}\n`);
  for (const stage of Object.values(stages)) {
    stage.peakJvmRssMiB = Math.round(stage.peakJvmRssMiB);
    stage.peakPythonRssMiB = Math.round(stage.peakPythonRssMiB);
  }
  return {
    scenario: scenario.name,
    exitCode,
    wallMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    stages,
    runsDir: path.join(dir, 'runs'),
    chunkPeakJvmRssMiB: chunkPeaks,
  };
}

const seconds = (ms) => (ms == null ? '–' : `${Math.round(ms / 1000)} s`);
const api = await startSampleApi();
const results = [];
try {
  for (const scenario of SCENARIOS) {
    const result = await runScenario(scenario, api.url);
    results.push(result);
    console.log(JSON.stringify({ bench: 'big-backfill', ...result }));
  }
} finally {
  api.stop();
}
console.log('\n| scenario | exit | bronze | silver | gold | whole run | peak JVM RSS bronze / silver / gold (MiB) | peak Python driver RSS bronze / silver / gold (MiB) | load avg (1 min) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const s = (name) => r.stages[name] ?? {};
  const cell = (name) => `${seconds(s(name).wallMs)}${s(name).status && s(name).status !== 'succeeded' ? ` (${s(name).status})` : ''}`;
  console.log(
    `| ${r.scenario} | ${r.exitCode} | ${cell('bronze')} | ${cell('silver')} | ${cell('gold')} | ` +
      `${seconds(r.wallMs)} | ${['bronze', 'silver', 'gold'].map((name) => s(name).peakJvmRssMiB ?? '–').join(' / ')} | ` +
      `${['bronze', 'silver', 'gold'].map((name) => s(name).peakPythonRssMiB ?? '–').join(' / ')} | ${r.loadAverage[0]} |`,
  );
}
