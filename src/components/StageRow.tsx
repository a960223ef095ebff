import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Eta } from '../eta/estimate.js';
import { progressFraction, stageElapsedMs } from '../state/progress.js';
import type { StageView } from '../state/app-state.js';
import { ChunkGrid } from './ChunkGrid.js';
import { etaText } from './EtaText.js';
import { ProgressBar } from './ProgressBar.js';
import { memoryFiguresText, sparkFiguresText } from './spark-figures.js';
import { StatusBadge } from './StatusBadge.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { formatDuration } from '../text/duration.js';

export const NAME_WIDTH = 8;
export const BAR_WIDTH = 12;

/** Rows a stage takes in the table: a chunked stage has its chunk grid under it. */
export function stageRowHeight(stage: StageView): number {
  return stage.chunks && stage.chunks.length > 0 ? 2 : 1;
}

function progressText(stage: StageView): string {
  const parts: string[] = [];
  // A chunked stage's progress is its grid and counts, on the line below.
  if (!stage.chunks?.length && stage.progress) {
    const unit = stage.progress.unit ? ` ${stage.progress.unit}` : '';
    parts.push(`${stage.progress.done}/${stage.progress.total}${unit}`);
  }
  const spark = sparkFiguresText(stage);
  if (spark) parts.push(spark);
  return parts.join('  ');
}

function timingText(stage: StageView, nowMs: number, eta: Eta | undefined): string {
  const parts: string[] = [];
  const elapsed = stageElapsedMs(stage, nowMs);
  if (elapsed !== null) parts.push(formatDuration(elapsed));
  if (eta && (stage.status === 'running' || stage.status === 'pending')) parts.push(etaText(eta));
  if (stage.exitCode !== null) parts.push(`exit ${stage.exitCode}`);
  else if (stage.signal) parts.push(stage.signal);
  if (stage.stopping) parts.push(`stopping (${stage.stopping.signal})`);
  if (stage.status === 'failed' && stage.failure) parts.push(terminalSafe(stage.failure.summary));
  return parts.join('  ');
}

export interface StageRowProps {
  stage: StageView;
  selected: boolean;
  /** Only running stages show a live clock, so only they need `nowMs`; finished rows stay memoized. */
  nowMs: number;
  /** The stage's sampled ETA, while it has one. */
  eta?: Eta | undefined;
  /** Terminal columns, for the chunk grid. */
  width?: number;
}

export const StageRow = memo(function StageRow({ stage, selected, nowMs, eta, width = 80 }: StageRowProps) {
  const memory = memoryFiguresText(stage);
  return (
    <Box flexDirection="column">
      <Box>
        {/* Fixed columns must not shrink when the text after them is long; that text is cut instead. */}
        <Box flexShrink={0}>
          <Text color={selected ? 'cyan' : undefined} bold={selected}>
            {`${selected ? '❯' : ' '} ${stage.name.padEnd(NAME_WIDTH)}`}
          </Text>
          <StatusBadge status={stage.status} />
          <ProgressBar fraction={progressFraction(stage)} width={BAR_WIDTH} />
          <Text> </Text>
        </Box>
        <Box flexGrow={1}>
          <Text wrap="truncate">
            {terminalSafe(`${timingText(stage, nowMs, eta)}  ${progressText(stage)}`.trim())}
            {memory.text ? <Text color={memory.warned ? 'yellow' : undefined}>{`  ${memory.text}`}</Text> : null}
          </Text>
        </Box>
      </Box>
      {stage.chunks && stage.chunks.length > 0 ? <ChunkGrid chunks={stage.chunks} width={width - 1} /> : null}
    </Box>
  );
});
