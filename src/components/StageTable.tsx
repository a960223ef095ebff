import { Box } from 'ink';
import type { RunEtas } from '../eta/eta-tracker.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { StageView } from '../state/app-state.js';
import { StageRow, stageRowHeight } from './StageRow.js';

/** Rows the table takes: one per stage, two for a chunked one. */
export function stageTableHeight(stages: readonly StageView[]): number {
  return stages.reduce((rows, stage) => rows + stageRowHeight(stage), 0);
}

export interface StageTableProps {
  stages: StageView[];
  selectedStage: number;
  nowMs: number;
  /** The latest sampled ETAs; absent until the first sample. */
  etas?: RunEtas | null | undefined;
}

export function StageTable({ stages, selectedStage, nowMs, etas }: StageTableProps) {
  const { columns } = useTerminalSize();
  return (
    <Box flexDirection="column">
      {stages.map((stage, index) => (
        <StageRow
          key={stage.name}
          stage={stage}
          selected={index === selectedStage}
          nowMs={stage.status === 'running' ? nowMs : 0}
          eta={etas?.stages[stage.name]}
          width={columns}
        />
      ))}
    </Box>
  );
}
