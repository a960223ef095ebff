import { Box, Text } from 'ink';
import { shellQuote } from '../cli/shell-quote.js';
import type { ValidationResult } from '../config/options.js';
import type { Plan, PlannedStage, RunParams } from '../runner/types.js';
import { spanInDays } from './format.js';

export interface PlanPreviewProps {
  validation: ValidationResult;
  preview: (params: RunParams) => Plan;
  /** One line per command, cut at the edge, for short terminals; otherwise commands wrap in full. */
  compact: boolean;
}

function planOrError(preview: (params: RunParams) => Plan, params: RunParams): Plan | Error {
  try {
    return preview(params);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function commandText(stage: PlannedStage): string {
  if (!stage.selected) return 'skipped';
  const [first, ...rest] = stage.chunks ?? [];
  if (!first) return shellQuote(stage.command);
  // A chunked stage runs one submit per chunk; they differ only in dates, so the first stands for all.
  return rest.length === 0 ? shellQuote(first.command) : `${rest.length + 1} chunks, the first: ${shellQuote(first.command)}`;
}

/** The plan the current fields would run: span, stages and the exact commands. */
export function PlanPreview({ validation, preview, compact }: PlanPreviewProps) {
  if (!validation.ok) {
    return <Text color="gray">Plan: fix the fields marked ✗ to see the commands.</Text>;
  }
  const plan = planOrError(preview, validation.params);
  if (plan instanceof Error) return <Text color="red">Plan: cannot be built: {plan.message}</Text>;
  const { startDate, endDate } = plan.params;
  const days = spanInDays(startDate, endDate);
  const selected = plan.stages.filter((stage) => stage.selected).map((stage) => stage.name);
  return (
    <Box flexDirection="column">
      <Text bold>
        Plan: {startDate} → {endDate} ({days} {days === 1 ? 'day' : 'days'}), stages: {selected.join(', ')}
      </Text>
      {plan.stages.map((stage) => (
        // Keyed on `compact` too: Ink does not re-measure a text whose wrap mode alone changed.
        <Box key={`${stage.name}-${compact ? 'compact' : 'full'}`}>
          <Text color={stage.selected ? 'cyan' : 'gray'}>{`  ${stage.name}`.padEnd(10)}</Text>
          <Text color={stage.selected ? undefined : 'gray'} wrap={compact ? 'truncate-middle' : 'wrap'}>
            {commandText(stage)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
