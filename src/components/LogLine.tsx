import { Text } from 'ink';
import { memo } from 'react';

const ERROR = /\b(ERROR|FATAL|Traceback|Exception)\b/;
const WARN = /\bWARN(ING)?\b/;

export function logLineColor(line: string): 'red' | 'yellow' | undefined {
  if (ERROR.test(line)) return 'red';
  if (WARN.test(line)) return 'yellow';
  return undefined;
}

export const LogLine = memo(function LogLine({ line }: { line: string }) {
  // Spark output can hold tabs and carriage returns (its console bar); neither may break the pane's layout.
  const clean = line.replace(/\t/g, '    ').replace(/\r/g, '');
  return (
    <Text color={logLineColor(clean)} wrap="truncate">
      {clean === '' ? ' ' : clean}
    </Text>
  );
});
