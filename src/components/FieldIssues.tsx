import { Box, Text } from 'ink';
import type { OptionIssue } from '../config/options.js';

export function FieldIssues({ issues, indent }: { issues: readonly OptionIssue[]; indent: number }) {
  if (issues.length === 0) return null;
  return (
    <Box flexDirection="column" marginLeft={indent}>
      {issues.map((issue, index) => (
        <Text key={index} color="red">
          ✗ {issue.message}
        </Text>
      ))}
    </Box>
  );
}
