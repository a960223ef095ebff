import { format } from 'date-fns';
import { formatDuration } from './duration.js';
import type { JobProgress, SparkStageProgress, SparkUiSnapshot, StageRecord } from '../runner/run/run-types.js';

/** `2026-11-24 01:15:02`, local time. */
export function formatTimestamp(iso: string): string {
  return format(new Date(iso), 'yyyy-MM-dd HH:mm:ss');
}

export function describeJobProgress(progress: JobProgress): string {
  const percent = progress.total > 0 ? ` (${Math.floor((100 * progress.done) / progress.total)}%)` : '';
  return `${progress.done}/${progress.total}${progress.unit ? ` ${progress.unit}` : ''}${percent}`;
}

export function describeSparkProgress(stages: readonly SparkStageProgress[]): string {
  return stages
    .map((stage) => `spark stage ${stage.stageId} ${stage.done}/${stage.total} tasks, ${stage.running} running`)
    .join('; ');
}

/** Fixed-width table of stage outcomes, one line per stage, header first. */
export function formatSummaryTable(stages: readonly StageRecord[]): string[] {
  const rows = [
    ['STAGE', 'STATUS', 'EXIT', 'DURATION'],
    ...stages.map((stage) => [
      stage.name,
      stage.status,
      stage.exitCode === null ? (stage.signal ?? '-') : String(stage.exitCode),
      formatDuration(stage.durationMs),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

/** `bronze` or, for a chunk, `bronze[2024-01]`. */
export function unitName(stage: string, chunk: string | undefined): string {
  return chunk === undefined ? stage : `${stage}[${chunk}]`;
}

export function describeSparkUi(snapshot: SparkUiSnapshot): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return (
    `spark ui ${snapshot.completedTasks}/${snapshot.totalTasks} tasks, ${plural(snapshot.activeStages, 'active stage')}, ` +
    `${snapshot.failedTasks} failed, ${plural(snapshot.executors, 'executor')}`
  );
}
