import { Text } from 'ink';
import { memo } from 'react';
import { terminalSafe } from '../text/terminal-safe.js';
import { matchSegments, type LogFilter } from '../text/log-filter.js';

const ERROR = /\b(ERROR|FATAL|Traceback|Exception)\b/;
const WARN = /\bWARN(ING)?\b/;

export function logLineColor(line: string): 'red' | 'yellow' | undefined {
  if (ERROR.test(line)) return 'red';
  if (WARN.test(line)) return 'yellow';
  return undefined;
}

export const LogLine = memo(function LogLine({ line, highlight = null }: { line: string; highlight?: LogFilter | null }) {
  // Spark output can hold tabs, carriage returns (its console bar) and escape sequences; none may break the pane.
  const clean = terminalSafe(line);
  if (highlight) {
    return (
      <Text color={logLineColor(clean)} wrap="truncate">
        {matchSegments(clean, highlight).map((segment, index) =>
          segment.match ? (
            <Text key={index} inverse>
              {segment.text}
            </Text>
          ) : (
            segment.text
          ),
        )}
      </Text>
    );
  }
  return (
    <Text color={logLineColor(clean)} wrap="truncate">
      {clean === '' ? ' ' : clean}
    </Text>
  );
});
