import type { RunView } from '../state/app-state.js';
import { stageRowHeight } from './StageRow.js';
import { stageTableHeight } from './StageTable.js';
import { SUMMARY_ROWS, summaryRows } from './RunSummary.js';

/** Fewer log rows than this and the screen turns compact. */
export const MIN_LOG_ROWS = 3;
/** Header, message line, footer, and one row spare so Ink never scrolls the terminal. */
const FIXED_ROWS = 4;

export interface ScreenLayout {
  /** Indexes of the stages drawn: all of them, or in a short terminal only the selected (running) one. */
  stages: number[];
  logRows: number;
  /** The summary of a finished run: whole, its first two lines, or none. */
  summary: 'full' | 'short' | 'none';
}

/**
 * How the run screen shares the terminal's rows. The header and the selected stage (the running one, unless
 * the operator picked another) always show, down to 8 rows; then the log gets what is left; the summary of a
 * finished run shrinks before the log does.
 */
export function screenLayout(rows: number, run: RunView, selectedStage: number): ScreenLayout {
  const finished = run.status !== 'running';
  const budget = rows - FIXED_ROWS;
  const allStages = stageTableHeight(run.stages);
  const summary: ScreenLayout['summary'] = !finished ? 'none' : budget - allStages - 1 - summaryRows(run) >= MIN_LOG_ROWS ? 'full' : 'short';
  const summaryHeight = summary === 'full' ? summaryRows(run) : summary === 'short' ? SUMMARY_ROWS : 0;
  if (budget - allStages - 1 - summaryHeight >= MIN_LOG_ROWS) {
    return { stages: run.stages.map((_, index) => index), logRows: budget - allStages - 1 - summaryHeight, summary };
  }
  const selected = Math.min(Math.max(0, selectedStage), Math.max(0, run.stages.length - 1));
  const stageRows = run.stages[selected] ? stageRowHeight(run.stages[selected]!) : 0;
  const shortSummary = finished && budget - stageRows - 1 - SUMMARY_ROWS >= 1 ? 'short' : 'none';
  const summaryRowsLeft = shortSummary === 'short' ? SUMMARY_ROWS : 0;
  return { stages: run.stages[selected] ? [selected] : [], logRows: Math.max(0, budget - stageRows - 1 - summaryRowsLeft), summary: shortSummary };
}
