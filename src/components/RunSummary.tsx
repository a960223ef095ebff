import { Box, Text } from 'ink';
import { exitCodeFor } from '../state/progress.js';
import type { RunView } from '../state/run-state.js';
import { formatDuration } from './format.js';

export const SUMMARY_ROWS = 2;

/** Shown once the run has finished, and left on screen after exit. */
export function RunSummary({ run }: { run: RunView }) {
  const total = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
  const color = run.status === 'succeeded' ? 'green' : run.status === 'failed' ? 'red' : 'yellow';
  const perStage = run.stages
    .map((stage) => `${stage.name} ${stage.status}${stage.durationMs === null ? '' : ` ${formatDuration(stage.durationMs)}`}`)
    .join(' · ');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text color={color} bold>{`Run ${run.status}`}</Text>
        <Text>{` in ${total} · exit code ${exitCodeFor(run.status)}`}</Text>
        {run.runDir ? <Text color="gray">{` · ${run.runDir}`}</Text> : null}
      </Text>
      <Text wrap="truncate" color="gray">{perStage}</Text>
    </Box>
  );
}
