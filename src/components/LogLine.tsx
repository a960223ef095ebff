import { Text } from 'ink';
import { memo } from 'react';
import { terminalSafe } from '../text/terminal-safe.js';

const ERROR = /\b(ERROR|FATAL|Traceback|Exception)\b/;
const WARN = /\bWARN(ING)?\b/;

export function logLineColor(line: string): 'red' | 'yellow' | undefined {
  if (ERROR.test(line)) return 'red';
  if (WARN.test(line)) return 'yellow';
  return undefined;
}

export const LogLine = memo(function LogLine({ line }: { line: string }) {
  // Spark output can hold tabs, carriage returns (its console bar) and escape sequences; none may break the pane.
  const clean = terminalSafe(line);
  return (
    <Text color={logLineColor(clean)} wrap="truncate">
      {clean === '' ? ' ' : clean}
    </Text>
  );
});
