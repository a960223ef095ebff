import { Text } from 'ink';
import type { StageStatus } from '../runner/run/run-types.js';
import { STATUS_LOOK } from './status-palette.js';


export const STATUS_WIDTH = 12;

export function StatusBadge({ status }: { status: StageStatus }) {
  const { glyph, color } = STATUS_LOOK[status];
  return <Text color={color}>{`${glyph} ${status}`.padEnd(STATUS_WIDTH)}</Text>;
}
