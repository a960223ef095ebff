import { Text } from 'ink';
import type { StageStatus } from '../runner/types.js';

const LOOK: Record<StageStatus, { glyph: string; color: string }> = {
  pending: { glyph: '·', color: 'gray' },
  running: { glyph: '▶', color: 'cyan' },
  succeeded: { glyph: '✔', color: 'green' },
  failed: { glyph: '✘', color: 'red' },
  skipped: { glyph: '↷', color: 'gray' },
  aborted: { glyph: '■', color: 'yellow' },
};

export const STATUS_WIDTH = 12;

export function StatusBadge({ status }: { status: StageStatus }) {
  const { glyph, color } = LOOK[status];
  return <Text color={color}>{`${glyph} ${status}`.padEnd(STATUS_WIDTH)}</Text>;
}
