#!/usr/bin/env node
// A stand-in spark-submit for the wire benchmark: a Spark job between log lines. It redraws the console
// progress bar with `\r` every 0.5 s (as spark.ui.showConsoleProgress does) and prints a log4j line every 5 s,
// for QUIET_SECONDS seconds (default 60).
const seconds = Number(process.env.QUIET_SECONDS ?? 60);
const stamp = () => new Date().toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T([\d:]{8}).*/, '$1/$2/$3 $4');
const bar = (done, total) => {
  const width = 40;
  const filled = Math.round((done / total) * width);
  return `[Stage 3:${'='.repeat(Math.max(0, filled - 1))}>${' '.repeat(width - filled)}(${done} + 4) / ${total}]`;
};
process.stderr.write(`${stamp()} INFO SparkContext: Running Spark version 3.5.7\n`);
const total = seconds * 2;
for (let tick = 0; tick < total; tick++) {
  process.stderr.write(`\r${bar(tick, total)}`);
  if (tick % 10 === 9) process.stderr.write(`\r${' '.repeat(60)}\r${stamp()} INFO DAGScheduler: Job ${tick} finished\n`);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
process.stderr.write(`\r${' '.repeat(60)}\r`);
process.stdout.write('BACKFILL_RESULT {"rows_written": {}}\n');
