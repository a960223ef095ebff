import { Box } from 'ink';
import type { StageView } from '../state/run-state.js';
import { StageRow } from './StageRow.js';

export function StageTable({ stages, selectedStage, nowMs }: { stages: StageView[]; selectedStage: number; nowMs: number }) {
  return (
    <Box flexDirection="column">
      {stages.map((stage, index) => (
        <StageRow
          key={stage.name}
          stage={stage}
          selected={index === selectedStage}
          nowMs={stage.status === 'running' ? nowMs : 0}
        />
      ))}
    </Box>
  );
}
