import { Box, Text } from 'ink';
import { exitCodeFor } from '../runner/run/exit-code.js';
import { rowsPerTable } from '../runner/run/run-changes.js';
import type { RunView } from '../state/app-state.js';
import { coverageGrid, LEVEL_LEGEND, LEVEL_MARK, thousands, type CoverageLevel } from '../text/coverage-grid.js';
import { failedUnits } from '../text/failure-text.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { STATUS_LOOK } from './status-palette.js';
import { formatDuration } from '../text/duration.js';

export const SUMMARY_ROWS = 2;

const LEVEL_COLOR: Record<CoverageLevel, string> = { full: 'green', most: 'greenBright', half: 'yellow', some: 'red', none: 'gray' };

/** Rows the summary takes: the result, the stages, then rows per table, the quality gate and the coverage grid. */
export function summaryRows(run: RunView): number {
  const tables = rowsPerTable(run.stages).length;
  const gate = run.qualityGate && !run.qualityGate.passed ? 1 : 0;
  const coverage = run.coverage ? 1 + Object.keys(run.coverage.locations).length : 0;
  return SUMMARY_ROWS + (tables > 0 ? tables + 1 : 0) + gate + coverage + failureRows(run);
}

/** A failed stage's (or chunk's) cause and fix: two rows each. */
function failureRows(run: RunView): number {
  const { units, more } = failedUnits(run.stages);
  return units.reduce((rows, { cause }) => rows + (cause.fix ? 2 : 1), 0) + (more > 0 ? 1 : 0);
}

/** Shown once the run has finished, and left on screen after exit. */
export function RunSummary({ run, width = 100, short = false }: { run: RunView; width?: number; short?: boolean }) {
  const total = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
  const { color } = STATUS_LOOK[run.status];
  const perStage = run.stages
    .map((stage) => `${stage.name} ${stage.status}${stage.durationMs === null ? '' : ` ${formatDuration(stage.durationMs)}`}`)
    .join(' · ');
  // Table and location names, the gate's message and the coverage span come from the jobs: terminal-safe.
  const tables = short ? [] : rowsPerTable(run.stages).map((entry) => ({ ...entry, table: terminalSafe(entry.table) }));
  const nameWidth = Math.max(0, ...tables.map((entry) => entry.table.length));
  const countWidth = Math.max(0, ...tables.map((entry) => thousands(entry.rows).length));
  const grid = run.coverage && !short ? coverageGrid(run.coverage, width - 2) : undefined;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text color={color} bold>{`Run ${run.status}`}</Text>
        <Text>{` in ${total} · exit code ${exitCodeFor(run.status)}`}</Text>
        {run.runDir ? <Text color="gray">{` · ${terminalSafe(run.runDir)}`}</Text> : null}
      </Text>
      <Text wrap="truncate" color="gray">{perStage}</Text>
      {tables.length > 0 ? <Text bold>Rows written</Text> : null}
      {tables.map((entry, index) => (
        <Text key={index} wrap="truncate">{`  ${entry.table.padEnd(nameWidth)}  ${thousands(entry.rows).padStart(countWidth)}`}</Text>
      ))}
      {short
        ? null
        : failedUnits(run.stages).units.map(({ unit, cause }) => (
            <Box key={unit} flexDirection="column">
              <Text color="red" wrap="truncate">{`${unit} failed: ${terminalSafe(cause.summary)}`}</Text>
              {cause.fix ? <Text wrap="truncate">{`  fix: ${terminalSafe(cause.fix)}`}</Text> : null}
            </Box>
          ))}
      {!short && failedUnits(run.stages).more > 0 ? <Text color="gray">{`  and ${failedUnits(run.stages).more} more failed: backfill show ${run.runId}`}</Text> : null}
      {run.qualityGate && !run.qualityGate.passed && !short ? <Text color="red" wrap="truncate">{`Quality gate: ${terminalSafe(run.qualityGate.message)}`}</Text> : null}
      {grid && run.coverage ? (
        <Text wrap="truncate">
          <Text bold>{`Coverage per ${grid.unit}`}</Text>
          <Text color="gray">{` ${terminalSafe(run.coverage.start)} → ${terminalSafe(run.coverage.end)} · ${LEVEL_LEGEND}`}</Text>
        </Text>
      ) : null}
      {grid?.rows.map((row, index) => (
        <Text key={index} wrap="truncate">
          {`  ${row.location.slice(0, grid.labelWidth).padEnd(grid.labelWidth)}  `}
          {row.cells.map((cell, index) => (
            <Text key={index} color={LEVEL_COLOR[cell.level]}>
              {LEVEL_MARK[cell.level]}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
