import type { SparkStageProgress } from '../runner/run/run-types.js';
import type { StageView } from './app-state.js';

/** The Spark stage the console bar shows last: the newest (highest id) among those reported. */
export function currentSparkStage(stage: Pick<StageView, 'sparkStages'>): SparkStageProgress | null {
  let current: SparkStageProgress | null = null;
  for (const spark of stage.sparkStages) if (!current || spark.stageId > current.stageId) current = spark;
  return current;
}

/** 0..1: full once succeeded; else from the job's own progress (or chunk count), the Spark console bar, or the driver's task counts; null when unknown. */
export function progressFraction(stage: StageView): number | null {
  if (stage.status === 'succeeded') return 1;
  if (stage.progress && stage.progress.total > 0) return clampFraction(stage.progress.done / stage.progress.total);
  const spark = currentSparkStage(stage);
  if (spark && spark.total > 0) return clampFraction(spark.done / spark.total);
  if (stage.sparkUi && stage.sparkUi.totalTasks > 0) return clampFraction(stage.sparkUi.completedTasks / stage.sparkUi.totalTasks);
  return null;
}

function clampFraction(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Elapsed time of a stage: to its finish, or to now while it runs; null before it starts. */
export function stageElapsedMs(stage: StageView, nowMs: number): number | null {
  if (stage.durationMs !== null && stage.status !== 'running') return stage.durationMs;
  if (!stage.startedAt) return null;
  const end = stage.finishedAt ? Date.parse(stage.finishedAt) : nowMs;
  return Math.max(0, end - Date.parse(stage.startedAt));
}
