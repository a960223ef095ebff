import { Box, Text } from 'ink';
import type { Eta } from '../eta/estimate.js';
import type { RunView } from '../state/app-state.js';
import { etaText } from './EtaText.js';
import { daysInRange } from '../runner/plan/chunks.js';
import { STATUS_LOOK } from './status-palette.js';
import { formatDuration } from '../text/duration.js';

export function RunHeader({ run, nowMs, eta }: { run: RunView; nowMs: number; eta?: Eta | undefined }) {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : nowMs;
  const elapsed = formatDuration(end - Date.parse(run.startedAt));
  const days = daysInRange(run.params.startDate, run.params.endDate);
  return (
    <Box>
      <Text wrap="truncate">
        <Text bold>backfill</Text>
        <Text color="gray"> run {run.runId || '(starting)'} · </Text>
        <Text color={STATUS_LOOK[run.status].color} bold>{run.status}</Text>
        <Text color="gray"> · </Text>
        <Text>elapsed {elapsed}</Text>
        {eta && run.status === 'running' ? <Text>{` · ${etaText(eta)}`}</Text> : null}
        <Text color="gray">{` · ${run.params.startDate} → ${run.params.endDate}${days === 0 ? '' : ` (${days} days)`}`}</Text>
      </Text>
    </Box>
  );
}
