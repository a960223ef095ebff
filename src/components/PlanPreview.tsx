import { Box, Text } from 'ink';
import { shellQuote } from '../text/shell-quote.js';
import type { ValidationResult } from '../config/options.js';
import { chunkSpecFor, daysInRange } from '../runner/plan/chunks.js';
import { terminalSafe } from '../text/terminal-safe.js';
import type { Plan, PlannedChunk, PlannedStage, RunParams } from '../runner/plan/plan-types.js';

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
  return stage.selected ? shellQuote(stage.command) : 'skipped';
}

/** Chunk commands listed in full; the rest differ only in dates, so their ids stand for them. */
export const LISTED_CHUNKS = 6;

function chunkHeading(stage: string, chunks: readonly PlannedChunk[], params: RunParams): string {
  const parallel = params.parallel ?? 1;
  const each = `${chunks.length} ${chunks.length === 1 ? 'chunk' : 'chunks'} (${chunkSpecFor(params, stage)})`;
  return `${each}, up to ${parallel} at once${params.failFast ? ', fail fast' : ''}, each its own spark-submit`;
}

function ChunkCommands({ stage, params, compact }: { stage: PlannedStage & { chunks: PlannedChunk[] }; params: RunParams; compact: boolean }) {
  if (compact) {
    // One line, as for the other stages, so the setup screen still fits a short terminal.
    return <Text wrap="truncate-middle">{`${chunkHeading(stage.name, stage.chunks, params)}; the first: ${shellQuote(stage.chunks[0]!.command)}`}</Text>;
  }
  const listed = stage.chunks.slice(0, LISTED_CHUNKS);
  const rest = stage.chunks.slice(listed.length);
  const idWidth = Math.max(...listed.map((chunk) => chunk.id.length)) + 2;
  return (
    <Box flexDirection="column">
      <Text>{`${chunkHeading(stage.name, stage.chunks, params)}:`}</Text>
      {listed.map((chunk) => (
        <Box key={`${chunk.id}-${compact ? 'compact' : 'full'}`}>
          <Text color="cyan">{chunk.id.padEnd(idWidth)}</Text>
          <Text wrap={compact ? 'truncate-middle' : 'wrap'}>{shellQuote(chunk.command)}</Text>
        </Box>
      ))}
      {rest.length > 0 ? (
        <Text color="gray" wrap="truncate">{`… ${rest.length} more, the same for their dates: ${rest[0]!.id} to ${rest[rest.length - 1]!.id}`}</Text>
      ) : null}
    </Box>
  );
}

/** The plan the current fields would run: span, stages and the exact commands. */
export function PlanPreview({ validation, preview, compact }: PlanPreviewProps) {
  if (!validation.ok) {
    return <Text color="gray">Plan: fix the fields marked ✗ to see the commands.</Text>;
  }
  const plan = planOrError(preview, validation.params);
  if (plan instanceof Error) return <Text color="red">Plan: cannot be built: {terminalSafe(plan.message)}</Text>;
  const { startDate, endDate } = plan.params;
  const days = daysInRange(startDate, endDate);
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
          {stage.selected && stage.chunks ? (
            <ChunkCommands stage={{ ...stage, chunks: stage.chunks }} params={plan.params} compact={compact} />
          ) : (
            <Text color={stage.selected ? undefined : 'gray'} wrap={compact ? 'truncate-middle' : 'wrap'}>
              {commandText(stage)}
            </Text>
          )}
        </Box>
      ))}
    </Box>
  );
}
