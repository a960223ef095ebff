// The TUI under a log flood: `backfill` on a real terminal (tmux) runs a fake bronze stage printing LINES
// lines as fast as it can; we sample the TUI process's CPU time and peak RSS from /proc, and compare the
// stage's wall time with the same flood written straight to a file (does the TUI slow its process?).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, FAKE, cpuSeconds, peakRssMiB, scratch, timed } from './lib.mjs';

const LINES = Number(process.env.LINES ?? 2_000_000);
const session = `backfill-bench-${process.pid}`;
const runsDir = scratch('tui');
const env = { FAKE_SPARK_BEHAVIOUR: `bronze=flood:${LINES}` };

const directLog = openSync(path.join(runsDir, 'direct.log'), 'w');
const direct = await timed(process.execPath, [FAKE, '--name', 'backfill-bench-bronze', 'app.py'], {
  env: { ...process.env, ...env },
  stdio: ['ignore', directLog, directLog],
});
closeSync(directLog);

const command = [
  'env', 'CI=false', `FAKE_SPARK_BEHAVIOUR=${env.FAKE_SPARK_BEHAVIOUR}`,
  process.execPath, CLI, '--yes', '--skip-silver', '--skip-gold', '--start-date', '2024-01-01', '--end-date', '2024-01-31',
  '--spark-submit', FAKE, '--runs-dir', runsDir,
];
execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '48', ...command]);
const pid = Number(execFileSync('tmux', ['display-message', '-p', '-t', session, '#{pane_pid}']).toString().trim());

let peak = 0;
let cpu = 0;
const started = Date.now();
let runRecord;
while (Date.now() - started < 300_000) {
  try {
    peak = Math.max(peak, peakRssMiB(pid));
    cpu = cpuSeconds(pid);
  } catch {
    break; // the TUI has exited
  }
  const [runId] = readdirSync(runsDir).filter((name) => !name.endsWith('.log'));
  if (runId) {
    try {
      runRecord = JSON.parse(readFileSync(path.join(runsDir, runId, 'run.json'), 'utf8'));
      if (runRecord.status !== 'running') break;
    } catch {}
  }
  await sleep(200);
}
const stage = runRecord?.stages?.[0];
execFileSync('tmux', ['kill-session', '-t', session]);
console.log(JSON.stringify({
  bench: 'tui-flood',
  lines: LINES,
  stageStatus: stage?.status,
  directMs: Math.round(direct.ms),
  underTuiMs: stage?.durationMs,
  tuiCpuSeconds: Number(cpu.toFixed(2)),
  tuiPeakRssMiB: Math.round(peak),
}));
