import type { SparkStageProgress } from '../run/run-types.js';

// One stage of Spark's ConsoleProgressBar: `[Stage 3:=====>   (12 + 4) / 200]`. The bar itself is
// left out when the terminal is narrow, and newer Spark versions may append text such as `(2 killed)`.
const STAGE_BAR = /\[Stage (\d+):[=> ]*\((\d+) \+ (\d+)\) \/ (\d+)[^[\]]*\]/g;

/** All Spark stage bars on one line, in order (Spark draws at most three side by side). */
export function parseSparkProgress(line: string): SparkStageProgress[] {
  const stages: SparkStageProgress[] = [];
  for (const match of line.matchAll(STAGE_BAR)) {
    stages.push({
      stageId: Number(match[1]),
      done: Number(match[2]),
      running: Number(match[3]),
      total: Number(match[4]),
    });
  }
  return stages;
}

/** True when the line holds Spark bars and nothing else worth showing as log output. */
export function isSparkBarLine(line: string): boolean {
  STAGE_BAR.lastIndex = 0;
  if (!STAGE_BAR.test(line)) return false;
  return line.replace(STAGE_BAR, '').trim() === '';
}

const LEADING_BARS = /^(?:\[Stage \d+:[=> ]*\(\d+ \+ \d+\) \/ \d+[^[\]]*\]\s*)+/;

/** The Spark bars a line starts with (and the blanks after them); '' when it starts with none. */
export function leadingSparkBars(line: string): string {
  return LEADING_BARS.exec(line)?.[0] ?? '';
}
