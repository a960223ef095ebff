// The log path at full speed: a stage that prints LOG_LINES lines (default 1,000,000), once straight into a
// file and once under the TUI (`backfill --yes` in tmux: the runner host reads the
// stage's pipes, splits lines, writes the log, and sends a coalesced tail to the screen). We compare the two
// wall times (the stage's own duration in run.json under the TUI) and count the lines of the stage's log:
// none may be lost. RUNS (default 3) of each; medians. Two stages: the fake spark-submit of the tests
// (`flood:<lines>`, log lines from a Spark-like job, then its progress steps) and a burst
// (bench/flood-job.mjs with FLOOD_LINES: nothing but lines, as fast as the pipe takes them).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, FAKE, ROOT, median, scratch, timed } from './lib.mjs';

const LINES = Number(process.env.LOG_LINES ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const STAGES = [
  { name: 'fake spark-submit, flood', submit: FAKE, args: ['--master', 'local[*]', '--name', 'backfill-bench-bronze', 'app.py'], env: { FAKE_SPARK_BEHAVIOUR: `bronze=flood:${LINES}` } },
  // Starts after 2 s, once the console has settled, and says how long its lines took (FLOOD_ELAPSED_MS).
  { name: 'burst', submit: path.join(ROOT, 'bench', 'flood-job.mjs'), args: [], env: { FLOOD_LINES: String(LINES), FLOOD_DELAY_MS: '2000' }, delayMs: 2000 },
];

/** The job's own figure, when it prints one: how long its lines took. */
const elapsedOf = (file) => {
  const text = readFileSync(file, 'utf8');
  const match = /FLOOD_ELAPSED_MS (\d+)\n?$/.exec(text.slice(-100));
  return match ? Number(match[1]) : undefined;
};

const countLines = (file) => {
  const text = readFileSync(file);
  let lines = 0;
  for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) lines++;
  return lines;
};

async function direct(stage) {
  const dir = scratch('log-direct');
  const file = path.join(dir, 'direct.log');
  const log = openSync(file, 'w');
  const result = await timed(process.execPath, [stage.submit, ...stage.args], { env: { ...process.env, ...stage.env }, stdio: ['ignore', log, log] });
  closeSync(log);
  return { ms: result.ms - (stage.delayMs ?? 0), lines: countLines(file), printingMs: elapsedOf(file) };
}

async function underTui(stage) {
  const runsDir = scratch('log-tui');
  const session = `backfill-log-path-${process.pid}`;
  const command = [
    'env', 'CI=false', ...Object.entries(stage.env).map(([name, value]) => `${name}=${value}`),
    process.execPath, CLI, '--yes', '--skip-silver', '--skip-gold', '--start-date', '2024-01-01', '--end-date', '2024-01-31',
    '--spark-submit', stage.submit, '--runs-dir', runsDir, '--warehouse', scratch('log-warehouse'),
  ];
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '36', ...command]);
  let record;
  let runId;
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; await sleep(100)) {
    [runId] = readdirSync(runsDir).filter((name) => !name.startsWith('.'));
    if (!runId) continue;
    try {
      record = JSON.parse(readFileSync(path.join(runsDir, runId, 'run.json'), 'utf8'));
      if (record.status !== 'running') break;
    } catch {
      // being replaced: the next look sees it
    }
  }
  execFileSync('tmux', ['kill-session', '-t', session]);
  const bronze = record?.stages?.[0];
  const log = path.join(runsDir, runId, 'logs', 'bronze.log');
  return { ms: bronze?.durationMs - (stage.delayMs ?? 0), status: bronze?.status, lines: countLines(log), printingMs: elapsedOf(log) };
}

for (const stage of STAGES) {
  const directMs = [];
  const tuiMs = [];
  const lost = [];
  const printing = { direct: [], tui: [] };
  for (let run = 0; run < RUNS; run++) {
    const alone = await direct(stage);
    directMs.push(alone.ms);
    if (alone.printingMs !== undefined) printing.direct.push(alone.printingMs);
    const tui = await underTui(stage);
    if (tui.status !== 'succeeded') throw new Error(`${stage.name}: the stage ended ${tui.status}`);
    tuiMs.push(tui.ms);
    if (tui.printingMs !== undefined) printing.tui.push(tui.printingMs);
    // The stage's log may hold a few lines more than the job printed (a retry marker, a start error): never fewer.
    lost.push(Math.max(0, alone.lines - tui.lines));
  }
  console.log(JSON.stringify({
    bench: 'log-path',
    stage: stage.name,
    lines: LINES,
    directMs: Math.round(median(directMs)),
    underTuiMs: Math.round(median(tuiMs)),
    ratio: Number((median(tuiMs) / median(directMs)).toFixed(2)),
    ...(printing.direct.length > 0
      ? { printingDirectMs: median(printing.direct), printingUnderTuiMs: median(printing.tui), printingRatio: Number((median(printing.tui) / median(printing.direct)).toFixed(2)) }
      : {}),
    linesLost: lost,
  }));
}
