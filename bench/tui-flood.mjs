// The TUI under a log flood: `backfill` on a real terminal (tmux) runs one stage that prints FLOOD_RATE lines
// a second (default 100,000) for FLOOD_SECONDS (default 20). We sample the TUI process's CPU time and peak RSS
// from /proc, and compare the stage's wall time with the same job writing straight to a file: a stage slowed
// by its console would take longer than the direct run.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, cpuSeconds, peakRssMiB, scratch, timed } from './lib.mjs';

const RATE = Number(process.env.FLOOD_RATE ?? 100_000);
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 20);
const JOB = path.join(ROOT, 'bench', 'flood-job.mjs');
const session = `backfill-bench-${process.pid}`;
const runsDir = scratch('tui');
const env = { FLOOD_RATE: String(RATE), FLOOD_SECONDS: String(SECONDS) };

const directLog = openSync(path.join(runsDir, 'direct.log'), 'w');
const direct = await timed(process.execPath, [JOB], {
  env: { ...process.env, ...env },
  stdio: ['ignore', directLog, directLog],
});
closeSync(directLog);

const command = [
  'env', 'CI=false', ...(process.env.TUI_NODE_OPTIONS ? [`NODE_OPTIONS=${process.env.TUI_NODE_OPTIONS}`] : []), `FLOOD_RATE=${RATE}`, `FLOOD_SECONDS=${SECONDS}`,
  process.execPath, CLI, '--yes', '--skip-silver', '--skip-gold', '--start-date', '2024-01-01', '--end-date', '2024-01-31',
  '--spark-submit', JOB, '--runs-dir', runsDir, '--warehouse', scratch('tui-warehouse'),
];
execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '48', ...command]);
const pid = Number(execFileSync('tmux', ['display-message', '-p', '-t', session, '#{pane_pid}']).toString().trim());

// Two processes to watch: the TUI (the tmux pane) and the runner host it starts (host.json in the run folder),
// which owns the stage's pipes and log file.
const tui = { peak: 0, cpu: 0 };
const host = { peak: 0, cpu: 0 };
const sample = (target, processId) => {
  target.peak = Math.max(target.peak, peakRssMiB(processId));
  target.cpu = cpuSeconds(processId);
};
const started = Date.now();
let runRecord;
let hostPid;
while (Date.now() - started < SECONDS * 1000 + 120_000) {
  try {
    sample(tui, pid);
  } catch {
    break; // the TUI has exited
  }
  const [runId] = readdirSync(runsDir).filter((name) => !name.endsWith('.log') && !name.startsWith('.'));
  if (runId) {
    try {
      hostPid ??= JSON.parse(readFileSync(path.join(runsDir, runId, 'host.json'), 'utf8')).pid;
      if (hostPid) sample(host, hostPid);
    } catch {
      // the process has gone, or its file is being replaced: the next sample sees it
    }
    try {
      runRecord = JSON.parse(readFileSync(path.join(runsDir, runId, 'run.json'), 'utf8'));
      if (runRecord.status !== 'running') break;
    } catch {
      // the process has gone, or its file is being replaced: the next sample sees it
    }
  }
  await sleep(200);
}
const stage = runRecord?.stages?.[0];
execFileSync('tmux', ['kill-session', '-t', session]);
console.log(JSON.stringify({
  bench: 'tui-flood',
  linesPerSecond: RATE,
  seconds: SECONDS,
  stageStatus: stage?.status,
  directMs: Math.round(direct.ms),
  underTuiMs: stage?.durationMs,
  tuiCpuSeconds: Number(tui.cpu.toFixed(2)),
  tuiPeakRssMiB: Math.round(tui.peak),
  hostCpuSeconds: Number(host.cpu.toFixed(2)),
  hostPeakRssMiB: Math.round(host.peak),
}));
