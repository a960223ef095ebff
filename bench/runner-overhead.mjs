// The runner's overhead: the same three fake spark-submit commands (each printing FLOOD lines, as Spark's
// log4j does) run directly one after another with output to a file, against `backfill --headless` running
// them with a log file per stage, progress parsing and the run folder. Median of RUNS repetitions.
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { CLI, FAKE, median, scratch, timed } from './lib.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const FLOOD = Number(process.env.FLOOD ?? 100_000);
const behaviour = ['bronze', 'silver', 'gold'].map((stage) => `${stage}=flood:${FLOOD}`).join(',');
const env = { ...process.env, FAKE_SPARK_BEHAVIOUR: behaviour };
const stageArgv = (stage) => [FAKE, '--master', 'local[*]', '--name', `backfill-bench-${stage}`, 'app.py'];

async function direct() {
  const dir = scratch('direct');
  let total = 0;
  for (const stage of ['bronze', 'silver', 'gold']) {
    const log = openSync(path.join(dir, `${stage}.log`), 'w');
    total += (await timed(process.execPath, stageArgv(stage), { env, stdio: ['ignore', log, log] })).ms;
    closeSync(log);
  }
  return total;
}

async function throughRunner() {
  const dir = scratch('runner');
  const args = [CLI, '--headless', '--start-date', '2024-01-01', '--end-date', '2024-01-31', '--spark-submit', FAKE, '--runs-dir', dir];
  const { ms, code } = await timed(process.execPath, args, { env });
  if (code !== 0) throw new Error(`backfill exited ${code}`);
  return ms;
}

const directTimes = [];
const runnerTimes = [];
for (let i = 0; i < RUNS; i++) {
  directTimes.push(await direct());
  runnerTimes.push(await throughRunner());
}
const d = median(directTimes);
const r = median(runnerTimes);
console.log(JSON.stringify({ bench: 'runner-overhead', runs: RUNS, linesPerStage: FLOOD, directMs: Math.round(d), runnerMs: Math.round(r), overheadMs: Math.round(r - d), overheadPct: Number((((r - d) / d) * 100).toFixed(1)) }));
