// What the TUI costs over SSH: it runs in tmux at 120x36 (like an operator's window) while one stage is
//   quiet: a Spark job between log lines (console bar redrawn every 0.5 s, a log line every 5 s), or
//   flood: a stage printing FLOOD_RATE lines a second (default 20,000).
// tmux's pipe-pane records every byte the TUI writes to its terminal. Over a steady window (after start-up)
// we report the TUI process's CPU share and its bytes per second, and count ESC[3J (erase scrollback) in
// the whole capture. Goals (bench/README.md): quiet <= 1% CPU and <= 1 KB/s, flood <= 20 KB/s, no ESC[3J.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, cpuSeconds, scratch } from './lib.mjs';

const WARMUP_SECONDS = Number(process.env.WIRE_WARMUP ?? 8);
const WINDOW_SECONDS = Number(process.env.WIRE_WINDOW ?? 30);

async function scenario(name, job, env) {
  const dir = scratch(`wire-${name}`);
  const capture = path.join(dir, 'terminal.bytes');
  const session = `backfill-wire-${name}-${process.pid}`;
  const command = [
    'env', 'CI=false', ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    process.execPath, CLI, '--yes', '--skip-silver', '--skip-gold', '--start-date', '2024-01-01', '--end-date', '2024-01-31',
    '--spark-submit', job, '--runs-dir', path.join(dir, 'runs'), '--warehouse', path.join(dir, 'warehouse'),
  ];
  // Start the pane idle, attach the capture, then run the console in it: no byte goes uncounted.
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '36']);
  execFileSync('tmux', ['pipe-pane', '-o', '-t', session, `cat >> ${capture}`]);
  const quoted = command.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  execFileSync('tmux', ['send-keys', '-t', session, `exec ${quoted} 2>${path.join(dir, 'stderr')}`, 'Enter']);
  await sleep(1000);
  const pid = Number(execFileSync('tmux', ['display-message', '-p', '-t', session, '#{pane_pid}']).toString().trim());
  await sleep(WARMUP_SECONDS * 1000);
  const size = () => (existsSync(capture) ? statSync(capture).size : 0);
  const cpu0 = cpuSeconds(pid);
  const bytes0 = size();
  const t0 = Date.now();
  await sleep(WINDOW_SECONDS * 1000);
  const cpu1 = cpuSeconds(pid);
  const bytes1 = size();
  const seconds = (Date.now() - t0) / 1000;
  try {
    execFileSync('tmux', ['kill-session', '-t', session]);
  } catch {
    // the session has ended already
  }
  const text = readFileSync(capture, 'latin1');
  return {
    bench: 'tui-wire',
    scenario: name,
    windowSeconds: Math.round(seconds),
    tuiCpuPercent: Number(((100 * (cpu1 - cpu0)) / seconds).toFixed(2)),
    bytesPerSecond: Math.round((bytes1 - bytes0) / seconds),
    eraseScrollback: text.split('\u001b[3J').length - 1,
    clearScreen: text.split('\u001b[2J').length - 1,
  };
}

const quietSeconds = WARMUP_SECONDS + WINDOW_SECONDS + 20;
const flood = { FLOOD_RATE: process.env.FLOOD_RATE ?? '20000', FLOOD_SECONDS: String(quietSeconds) };
for (const name of (process.env.WIRE_SCENARIOS ?? 'quiet,flood').split(',')) {
  const result =
    name === 'quiet'
      ? await scenario('quiet', path.join(ROOT, 'bench', 'quiet-job.mjs'), { QUIET_SECONDS: String(quietSeconds) })
      : await scenario('flood', path.join(ROOT, 'bench', 'flood-job.mjs'), flood);
  console.log(JSON.stringify(result));
}
