// What the log pane shows: the selected stage's log, or one chunk's when the operator picked a chunk.
import type { ChunkRecord, SparkAppInfo } from '../runner/run/run-types.js';
import { findChunkLog } from './chunk-logs.js';
import { parseLogFilter, type LogFilter } from '../text/log-filter.js';
import { EMPTY_LOG_TAIL, type LogTail, filterTail } from './log-tail.js';
import type { RunView, StageView, UiState } from './app-state.js';

export interface SelectedLog {
  /** `bronze`, or `bronze[2024-03] running` for a chunk. */
  title: string;
  tail: LogTail;
  /** Where the stage's (or chunk's) Spark application can be found. */
  app: SparkAppInfo | undefined;
}

export function selectedChunkRecord(stage: StageView | undefined, ui: Pick<UiState, 'selectedChunk'>): ChunkRecord | undefined {
  const id = ui.selectedChunk;
  if (!stage || id === null || id === undefined) return undefined;
  return stage.chunks?.find((chunk) => chunk.id === id);
}

/** The tail the pane shows, or undefined when there is no selected stage. */
export function selectedLogTail(run: RunView, ui: Pick<UiState, 'selectedStage' | 'selectedChunk'>): LogTail | undefined {
  const stage = run.stages[ui.selectedStage];
  if (!stage) return undefined;
  const chunk = selectedChunkRecord(stage, ui);
  if (!chunk) return run.logs[stage.name];
  return findChunkLog(run.chunkLogs, stage.name, chunk.id)?.tail ?? EMPTY_LOG_TAIL;
}

export function selectedLog(run: RunView, ui: Pick<UiState, 'selectedStage' | 'selectedChunk'>): SelectedLog {
  const stage = run.stages[ui.selectedStage];
  if (!stage) return { title: '', tail: EMPTY_LOG_TAIL, app: undefined };
  const chunk = selectedChunkRecord(stage, ui);
  const tail = selectedLogTail(run, ui) ?? EMPTY_LOG_TAIL;
  if (!chunk) return { title: stage.name, tail, app: stage.spark };
  const position = (stage.chunks?.indexOf(chunk) ?? 0) + 1;
  return { title: `${stage.name}[${chunk.id}] ${chunk.status} ${position}/${stage.chunks?.length ?? 0}`, tail, app: chunk.spark };
}

/** The applied `/` filter of the UI, parsed; null when there is none (or it no longer parses). */
export function activeLogFilter(ui: Pick<UiState, 'logFilter'>): LogFilter | null {
  if (!ui.logFilter) return null;
  const parsed = parseLogFilter(ui.logFilter);
  return 'error' in parsed ? null : parsed;
}

/** The tail as the pane shows it: filtered by `/` and `l`; `of` counts the lines before filtering. */
export function shownLogTail(run: RunView, ui: Pick<UiState, 'selectedStage' | 'selectedChunk' | 'logFilter' | 'hideChatter'>): { tail: LogTail; of: number } {
  return filterTail(selectedLogTail(run, ui) ?? EMPTY_LOG_TAIL, activeLogFilter(ui), ui.hideChatter === true);
}
