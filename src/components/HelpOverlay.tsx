import { Box, Text } from 'ink';
import { keyLabels, type CommandBinding } from '../keys/key-bindings.js';

export function HelpOverlay({ bindings, height }: { bindings: readonly CommandBinding<string>[]; height: number }) {
  const keyWidth = Math.max(...bindings.map((binding) => keyLabels(binding).length)) + 2;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>Keys (? or Esc to close)</Text>
      {bindings.map((binding) => (
        <Text key={binding.command} wrap="truncate">
          <Text bold>{keyLabels(binding).padEnd(keyWidth)}</Text>
          {binding.description}
        </Text>
      ))}
    </Box>
  );
}
