import { Box, Text } from 'ink';
import { memo } from 'react';
import { countChunks } from '../state/chunk-reducer.js';
import { currentSparkStage, estimateRemainingMs, progressFraction, stageElapsedMs } from '../state/progress.js';
import type { StageView } from '../state/run-state.js';
import { formatDuration } from './format.js';
import { ProgressBar } from './ProgressBar.js';
import { StatusBadge } from './StatusBadge.js';

export const NAME_WIDTH = 8;
export const BAR_WIDTH = 16;

function chunkText(stage: StageView): string {
  const chunks = stage.chunks ?? [];
  const counts = countChunks(chunks);
  const finished = chunks.length - counts.pending - counts.running;
  const extra = [counts.running > 0 ? `${counts.running} running` : '', counts.failed > 0 ? `${counts.failed} failed` : '']
    .filter(Boolean)
    .join(', ');
  return `chunks ${finished}/${chunks.length}${extra ? ` (${extra})` : ''}`;
}

function progressText(stage: StageView): string {
  const parts: string[] = [];
  if (stage.chunks && stage.chunks.length > 0) {
    parts.push(chunkText(stage));
  } else if (stage.progress) {
    const unit = stage.progress.unit ? ` ${stage.progress.unit}` : '';
    parts.push(`${stage.progress.done}/${stage.progress.total}${unit}`);
  }
  const spark = currentSparkStage(stage);
  if (spark) parts.push(`Spark stage ${spark.stageId}: ${spark.done}/${spark.total}`);
  else if (stage.sparkUi && stage.sparkUi.totalTasks > 0) parts.push(`tasks ${stage.sparkUi.completedTasks}/${stage.sparkUi.totalTasks}`);
  return parts.join('  ');
}

function timingText(stage: StageView, nowMs: number): string {
  const parts: string[] = [];
  const elapsed = stageElapsedMs(stage, nowMs);
  if (elapsed !== null) parts.push(formatDuration(elapsed));
  if (stage.status === 'running') {
    const remaining = estimateRemainingMs(stage, nowMs);
    if (remaining !== null) parts.push(`ETA ${formatDuration(remaining)}`);
  }
  if (stage.exitCode !== null) parts.push(`exit ${stage.exitCode}`);
  else if (stage.signal) parts.push(stage.signal);
  if (stage.stopping) parts.push(`stopping (${stage.stopping.signal})`);
  return parts.join('  ');
}

export interface StageRowProps {
  stage: StageView;
  selected: boolean;
  /** Only running stages show a live clock, so only they need `nowMs`; finished rows stay memoized. */
  nowMs: number;
}

export const StageRow = memo(function StageRow({ stage, selected, nowMs }: StageRowProps) {
  return (
    <Box>
      <Text color={selected ? 'cyan' : undefined} bold={selected}>
        {`${selected ? '❯' : ' '} ${stage.name.padEnd(NAME_WIDTH)}`}
      </Text>
      <StatusBadge status={stage.status} />
      <ProgressBar fraction={progressFraction(stage)} width={BAR_WIDTH} />
      <Text> </Text>
      <Box flexGrow={1}>
        <Text wrap="truncate">{`${timingText(stage, nowMs)}  ${progressText(stage)}`.trim()}</Text>
      </Box>
    </Box>
  );
});
