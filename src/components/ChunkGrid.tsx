import { Text } from 'ink';
import { memo } from 'react';
import { countChunks, type ChunkCounts } from '../runner/run/chunk-summary.js';
import type { ChunkRecord, StageStatus } from '../runner/run/run-types.js';
import { STATUS_LOOK } from './status-palette.js';


// When one cell stands for several chunks it shows the one that most needs attention: a cell is green only
// once all its chunks succeeded.
const PRIORITY: Record<StageStatus, number> = { failed: 5, running: 4, aborted: 3, skipped: 3, pending: 2, succeeded: 1 };

/** The status of each cell when `chunks` must fit in `width` cells: one chunk per cell, or a few when there are more chunks than cells. */
export function gridCells(chunks: readonly Pick<ChunkRecord, 'status'>[], width: number): StageStatus[] {
  const perCell = Math.max(1, Math.ceil(chunks.length / Math.max(1, width)));
  const cells: StageStatus[] = [];
  for (let start = 0; start < chunks.length; start += perCell) {
    let status: StageStatus = chunks[start]!.status;
    for (const chunk of chunks.slice(start + 1, start + perCell)) if (PRIORITY[chunk.status] > PRIORITY[status]) status = chunk.status;
    cells.push(status);
  }
  return cells;
}

export function countsText(counts: ChunkCounts): string {
  const parts = [`${counts.done} done`, `${counts.running} running`, `${counts.failed} failed`, `${counts.pending} pending`];
  if (counts.stopped > 0) parts.push(`${counts.stopped} stopped`);
  return parts.join(', ');
}

const INDENT = '  ';
const GAP = '  ';
const MIN_GRID = 8;

/** Runs of equal cells, so a long grid is a few Text nodes rather than one per chunk. */
function runsOf(cells: readonly StageStatus[]): Array<{ status: StageStatus; length: number }> {
  const runs: Array<{ status: StageStatus; length: number }> = [];
  for (const status of cells) {
    const last = runs[runs.length - 1];
    if (last && last.status === status) last.length++;
    else runs.push({ status, length: 1 });
  }
  return runs;
}

/** Cells for the grid once the counts (and, when cells hold several chunks, how many) have their room. */
export function gridLayout(chunkCount: number, width: number, counts: string): { gridWidth: number; scale: string } {
  const room = (suffix: number) => Math.max(MIN_GRID, width - INDENT.length - GAP.length - counts.length - suffix);
  const oneEach = room(0);
  if (chunkCount <= oneEach) return { gridWidth: oneEach, scale: '' };
  // The note's number has no more digits than the chunk count.
  const gridWidth = room(` (${chunkCount} per cell)`.length);
  return { gridWidth, scale: ` (${Math.ceil(chunkCount / gridWidth)} per cell)` };
}

export interface ChunkGridProps {
  chunks: readonly ChunkRecord[];
  /** Columns available for the whole line. */
  width: number;
}

/** One line: a cell per chunk coloured by status, then the counts; never wider than `width`. */
export const ChunkGrid = memo(function ChunkGrid({ chunks, width }: ChunkGridProps) {
  const counts = countsText(countChunks(chunks));
  const { gridWidth, scale } = gridLayout(chunks.length, width, counts);
  const cells = gridCells(chunks, gridWidth);
  return (
    <Text wrap="truncate">
      {INDENT}
      {runsOf(cells).map((run, index) => {
        const look = STATUS_LOOK[run.status];
        return (
          <Text key={index} color={look.color} dimColor={look.dim}>
            {look.glyph.repeat(run.length)}
          </Text>
        );
      })}
      {GAP}
      <Text>{counts}</Text>
      <Text color="gray">{scale}</Text>
    </Text>
  );
});
