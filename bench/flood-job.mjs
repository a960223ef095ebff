#!/usr/bin/env node
// A stand-in spark-submit for the flood benchmarks. With FLOOD_LINES set it prints that many lines as fast as
// its reader takes them. Otherwise it prints FLOOD_RATE log lines a second (default 100,000)
// for FLOOD_SECONDS seconds (default 10) in 10 ms ticks, with a BACKFILL_PROGRESS line each second. When
// its reader falls behind, the pipe fills, writes wait, and the job takes longer than FLOOD_SECONDS: that
// delay is what the benchmark measures.
const rate = Number(process.env.FLOOD_RATE ?? 100_000);
const seconds = Number(process.env.FLOOD_SECONDS ?? 10);
const perTick = Math.round(rate / 100);
const line = (n) => `26/11/24 02:00:00 INFO Executor: Finished task ${n}.0 in stage 3.0 (TID ${n}). 2412 bytes result sent to driver\n`;

const started = Date.now();
let written = 0;

// FLOOD_LINES: that many lines as fast as the reader takes them (a burst), then exit.
// FLOOD_DELAY_MS: wait that long first (for a console to settle). The time the lines took is printed last:
// `FLOOD_ELAPSED_MS <ms>`.
const burst = process.env.FLOOD_LINES ? Number(process.env.FLOOD_LINES) : undefined;
if (burst !== undefined) {
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.FLOOD_DELAY_MS ?? 0)));
  const burstStarted = performance.now();
  const size = 1000;
  for (; written < burst; written += size) {
    const chunk = Array.from({ length: Math.min(size, burst - written) }, (_, i) => line(written + i)).join('');
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  process.stdout.write(`FLOOD_ELAPSED_MS ${Math.round(performance.now() - burstStarted)}\n`, () => process.exit(0));
} else {
  for (let tick = 0; tick < seconds * 100; tick++) {
    const chunk = Array.from({ length: perTick }, (_, i) => line(written + i)).join('');
    written += perTick;
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    if (tick % 100 === 99) process.stdout.write(`BACKFILL_PROGRESS {"done": ${(tick + 1) / 100}, "total": ${seconds}, "unit": "seconds"}\n`);
    const due = started + (tick + 1) * 10;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  }
}
