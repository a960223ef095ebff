import { Box, Text } from 'ink';
import { visibleLines, type LogTail } from '../state/log-tail.js';
import { formatCount } from './format.js';
import { LogLine } from './LogLine.js';
import { terminalSafe } from '../text/terminal-safe.js';
import type { LogFilter } from '../text/log-filter.js';

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
  /** What `/` and `l` filter out: the tail given is filtered already; `of` counts the lines before. */
  filter?: { text: string | null; hideChatter: boolean; of: number; matcher: LogFilter | null };
}

/** The tail of one stage's log. Renders only `height` lines, however long the log. */
export function LogPane({ stageName, tail, height, scrollBack, follow, sparkUrl, appId, filter }: LogPaneProps) {
  const lines = visibleLines(tail, height, scrollBack);
  const dropped = tail.total - tail.lines.length;
  const mode = follow ? 'following' : `scrolled back ${formatCount(scrollBack)} lines · f to follow`;
  const filtered = filter && (filter.text || filter.hideChatter);
  const what = [filter?.text ? `filter: ${filter.text}` : '', filter?.hideChatter ? 'Spark INFO hidden' : ''].filter(Boolean).join(', ');
  const kept = filtered
    ? ` · ${what} (${formatCount(tail.lines.length)} of ${formatCount(filter.of)} lines)`
    : dropped > 0
      ? ` (last ${formatCount(tail.lines.length)} kept)`
      : '';
  const ui = appId ? ` · YARN ${appId}${sparkUrl ? ` ${sparkUrl}` : ''}` : sparkUrl ? ` · Spark UI ${sparkUrl}` : '';
  return (
    <Box flexDirection="column">
      {/* The app id and URL come from Spark's output, the filter from the keyboard: the title is terminal-safe. */}
      <Text color="gray" wrap="truncate">{terminalSafe(`── log: ${stageName}${filtered ? '' : ` · ${formatCount(tail.total)} lines`}${kept} · ${mode}${ui} ──`)}</Text>
      <Box flexDirection="column" height={height}>
        {lines.length === 0 && height > 0 ? <Text color="gray">{filtered ? '(no matching lines)' : '(no output yet)'}</Text> : null}
        {lines.map((line, index) => (
          // Keyed by position in the window: the window slides, so line identity is not meaningful here.
          <LogLine key={index} line={line} highlight={filter?.matcher ?? null} />
        ))}
      </Box>
    </Box>
  );
}
