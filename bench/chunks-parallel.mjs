// Chunked bronze, I/O-bound: 12 monthly chunks of a fake job that mostly waits (slow:SLOW_MS, like a job
// waiting on an HTTP API), run with --parallel 1 and then --parallel PARALLEL. Wall time of `backfill
// --headless` for each, and the speedup. BACKFILL_CLI points at another build of the console if needed.
import { CLI, FAKE, scratch, timed } from './lib.mjs';

const cli = process.env.BACKFILL_CLI ?? CLI;
const SLOW_MS = Number(process.env.SLOW_MS ?? 3000);
const PARALLEL = Number(process.env.PARALLEL ?? 4);
const env = { ...process.env, FAKE_SPARK_BEHAVIOUR: `bronze=slow:${SLOW_MS}` };

async function run(parallel) {
  const args = [
    cli, '--headless', '--start-date', '2024-01-01', '--end-date', '2024-12-31', '--skip-silver', '--skip-gold',
    '--chunk', 'month', '--parallel', String(parallel), '--spark-submit', FAKE, '--runs-dir', scratch(`chunks-p${parallel}`),
  ];
  const { ms, code } = await timed(process.execPath, args, { env });
  if (code !== 0) throw new Error(`backfill --parallel ${parallel} exited ${code}`);
  return ms;
}

const serialMs = await run(1);
const parallelMs = await run(PARALLEL);
console.log(
  JSON.stringify({
    bench: 'chunks-parallel',
    chunks: 12,
    jobMs: SLOW_MS,
    parallel: PARALLEL,
    serialMs: Math.round(serialMs),
    parallelMs: Math.round(parallelMs),
    speedup: Number((serialMs / parallelMs).toFixed(2)),
  }),
);
