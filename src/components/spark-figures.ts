// The Spark side of a stage's progress: the driver's REST API figures when it answers, else the console bar.
import { stageMemory, stageMemoryWarnings } from '../runner/run/memory-fold.js';
import type { SparkStageProgress, SparkUiSnapshot } from '../runner/run/run-types.js';
import { describeMemoryShort } from '../text/spark-memory.js';
import { currentSparkStage } from '../state/progress.js';
import type { ChunkSparkFigures, StageView } from '../state/app-state.js';

/** A UI poll older than the console bar by this much means the API stopped answering: show the bar. */
export const UI_STALE_MS = 15_000;

type Figures = Pick<SparkUiSnapshot, 'completedTasks' | 'totalTasks' | 'activeStages' | 'failedTasks' | 'executors'>;

function uiIsCurrent(ui: SparkUiSnapshot | null, uiAtMs: number | undefined, barAtMs: number | undefined): ui is SparkUiSnapshot {
  if (!ui) return false;
  return uiAtMs === undefined || barAtMs === undefined || uiAtMs + UI_STALE_MS >= barAtMs;
}

export function describeUiFigures(figures: Figures): string {
  return `tasks ${figures.completedTasks}/${figures.totalTasks} · ${figures.activeStages} active · ${figures.failedTasks} failed · ${figures.executors} exec`;
}

function describeBar(bar: SparkStageProgress): string {
  return `Spark stage ${bar.stageId}: ${bar.done}/${bar.total}`;
}

function stageFigures(stage: StageView): string {
  if (uiIsCurrent(stage.sparkUi, stage.sparkUiAtMs, stage.sparkStagesAtMs)) return describeUiFigures(stage.sparkUi);
  const bar = currentSparkStage(stage);
  return bar ? describeBar(bar) : '';
}

function sum(figures: readonly Figures[]): Figures {
  const total: Figures = { completedTasks: 0, totalTasks: 0, activeStages: 0, failedTasks: 0, executors: 0 };
  for (const each of figures) {
    total.completedTasks += each.completedTasks;
    total.totalTasks += each.totalTasks;
    total.activeStages += each.activeStages;
    total.failedTasks += each.failedTasks;
    total.executors += each.executors;
  }
  return total;
}

/** Running chunks each have a driver: their figures add up (UI polls where current, else console bars). */
function chunkedFigures(entries: readonly ChunkSparkFigures[]): string {
  const polls: Figures[] = [];
  let barDone = 0;
  let barTotal = 0;
  let bars = 0;
  for (const entry of entries) {
    if (uiIsCurrent(entry.ui, entry.uiAtMs, entry.stagesAtMs)) {
      polls.push(entry.ui);
      continue;
    }
    const bar = currentSparkStage({ sparkStages: entry.stages });
    if (!bar) continue;
    barDone += bar.done;
    barTotal += bar.total;
    bars++;
  }
  const parts: string[] = [];
  if (polls.length > 0) parts.push(`${describeUiFigures(sum(polls))}${polls.length > 1 ? ` (${polls.length} apps)` : ''}`);
  if (bars > 0) parts.push(`Spark ${barDone}/${barTotal} tasks${bars > 1 ? ` (${bars} bars)` : ''}`);
  return parts.join('  ');
}

/** `tasks 120/200 · 1 active · 0 failed · 2 exec`, or `Spark stage 3: 12/200` from the console bar; '' when neither. */
export function sparkFiguresText(stage: StageView): string {
  if (stage.chunkSpark && Object.keys(stage.chunkSpark).length > 0) return chunkedFigures(Object.values(stage.chunkSpark));
  return stageFigures(stage);
}

/** `heap 63% of 1.9 GiB · GC 4% · spill 340 MiB` (a chunked stage: its chunks together), marked when a
 *  memory warning came; '' before the first memory poll. */
export function memoryFiguresText(stage: StageView): { text: string; warned: boolean } {
  const text = describeMemoryShort(stageMemory(stage));
  const warned = stageMemoryWarnings(stage).length > 0;
  return { text: warned && text ? `⚠ ${text}` : text, warned };
}
