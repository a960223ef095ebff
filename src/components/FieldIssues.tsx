import { Box, Text } from 'ink';
import type { OptionIssue } from '../config/options.js';
import { terminalSafe } from '../text/terminal-safe.js';

/** A field's issues; a message may echo what was typed or prefilled, so it is printed terminal-safe. */
export function FieldIssues({ issues, indent }: { issues: readonly OptionIssue[]; indent: number }) {
  if (issues.length === 0) return null;
  return (
    <Box flexDirection="column" marginLeft={indent}>
      {issues.map((issue, index) => (
        <Text key={index} color="red">
          ✗ {terminalSafe(issue.message)}
        </Text>
      ))}
    </Box>
  );
}
