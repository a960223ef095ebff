import { locationDays } from '../runner/run/quality-gate.js';
import type { Coverage } from '../runner/run/run-types.js';
import { terminalSafe } from './terminal-safe.js';

// The data's coverage at a glance: a row per location, a cell per day (per week when the days do not fit),
// marked by the share of complete hours, so a run of missing days stands out as a gap.

export type CoverageLevel = 'full' | 'most' | 'half' | 'some' | 'none';

export const LEVEL_MARK: Record<CoverageLevel, string> = { full: '█', most: '▓', half: '▒', some: '░', none: '·' };
export const LEVEL_LEGEND = '█ 100%  ▓ ≥75%  ▒ ≥50%  ░ >0%  · none';

export function levelOf(percent: number): CoverageLevel {
  if (percent >= 100) return 'full';
  if (percent >= 75) return 'most';
  if (percent >= 50) return 'half';
  if (percent > 0) return 'some';
  return 'none';
}

export interface CoverageGrid {
  unit: 'day' | 'week';
  rows: Array<{ location: string; cells: Array<{ level: CoverageLevel; percent: number; from: string }> }>;
  labelWidth: number;
}

/** The grid for `width` columns: days when they fit beside the location names, else 7-day cells. */
export function coverageGrid(coverage: Coverage, width: number): CoverageGrid {
  const days = locationDays(coverage);
  const locations = Object.keys(coverage.locations);
  // Location names come from the job: the labels are terminal-safe.
  const labels = locations.map((name) => terminalSafe(name));
  const labelWidth = Math.min(16, Math.max(0, ...labels.map((name) => name.length)));
  const dayCount = Math.max(0, ...Object.values(coverage.locations).map((row) => row.length));
  const unit = labelWidth + 2 + dayCount <= width ? 'day' : 'week';
  const span = unit === 'day' ? 1 : 7;
  const rows = locations.map((location, index) => {
    const mine = days.filter((day) => day.location === location);
    const cells = [];
    for (let at = 0; at < mine.length; at += span) {
      const group = mine.slice(at, at + span);
      const percent = group.reduce((sum, day) => sum + day.percent, 0) / group.length;
      cells.push({ level: levelOf(percent), percent, from: group[0]!.date });
    }
    return { location: labels[index]!, cells };
  });
  return { unit, rows, labelWidth };
}

/** The grid as plain lines (no colour): a title with the legend, then a row per location. */
export function formatCoverageGrid(coverage: Coverage, width = 100): string[] {
  const grid = coverageGrid(coverage, width);
  const title = `coverage: complete hours per ${grid.unit}, ${terminalSafe(coverage.start)} → ${terminalSafe(coverage.end)} (${LEVEL_LEGEND})`;
  return [title, ...grid.rows.map((row) => `  ${row.location.slice(0, grid.labelWidth).padEnd(grid.labelWidth)}  ${row.cells.map((cell) => LEVEL_MARK[cell.level]).join('')}`)];
}

/** `1,234,567`. */
export function thousands(count: number): string {
  return count.toLocaleString('en-US');
}

/** Rows per table as aligned lines under a title. */
export function formatTableRows(tables: ReadonlyArray<{ table: string; rows: number }>): string[] {
  if (tables.length === 0) return [];
  tables = tables.map((entry) => ({ ...entry, table: terminalSafe(entry.table) })); // names from the jobs
  const nameWidth = Math.max(...tables.map((entry) => entry.table.length));
  const countWidth = Math.max(...tables.map((entry) => thousands(entry.rows).length));
  return ['rows written:', ...tables.map((entry) => `  ${entry.table.padEnd(nameWidth)}  ${thousands(entry.rows).padStart(countWidth)}`)];
}
