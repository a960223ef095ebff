import { Box, Text } from 'ink';
import { visibleLines, type LogTail } from '../state/log-tail.js';
import { formatCount } from './format.js';
import { LogLine } from './LogLine.js';

export interface LogPaneProps {
  stageName: string;
  tail: LogTail;
  /** Rows for log lines, not counting the title row. */
  height: number;
  scrollBack: number;
  follow: boolean;
  /** Where the stage's Spark application can be watched, when known. */
  sparkUrl?: string | undefined;
  /** The YARN application id, when the app runs on YARN. */
  appId?: string | undefined;
}

/** The tail of one stage's log. Renders only `height` lines, however long the log. */
export function LogPane({ stageName, tail, height, scrollBack, follow, sparkUrl, appId }: LogPaneProps) {
  const lines = visibleLines(tail, height, scrollBack);
  const dropped = tail.total - tail.lines.length;
  const mode = follow ? 'following' : `scrolled back ${formatCount(scrollBack)} lines · f to follow`;
  const kept = dropped > 0 ? ` (last ${formatCount(tail.lines.length)} kept)` : '';
  const ui = appId ? ` · YARN ${appId}${sparkUrl ? ` ${sparkUrl}` : ''}` : sparkUrl ? ` · Spark UI ${sparkUrl}` : '';
  return (
    <Box flexDirection="column">
      <Text color="gray" wrap="truncate">{`── log: ${stageName} · ${formatCount(tail.total)} lines${kept} · ${mode}${ui} ──`}</Text>
      <Box flexDirection="column" height={height}>
        {lines.length === 0 ? <Text color="gray">(no output yet)</Text> : null}
        {lines.map((line, index) => (
          // Keyed by position in the window: the window slides, so line identity is not meaningful here.
          <LogLine key={index} line={line} />
        ))}
      </Box>
    </Box>
  );
}
