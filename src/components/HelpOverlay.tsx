import { Box, Text } from 'ink';
import { HELP_KEY_BINDINGS, keyLabels, type CommandBinding } from '../keys/key-bindings.js';

/** Border (2 rows) and title (1 row). */
const CHROME_ROWS = 3;

/** "? or Esc": the keys that close the help, from the table. */
const CLOSE_KEYS = HELP_KEY_BINDINGS.flatMap((binding) => binding.keys.map((chord) => chord.label)).join(' or ');

/** Every key of the table; in two columns when one column would not fit the height it is given. */
export function HelpOverlay({ bindings, height }: { bindings: readonly CommandBinding<string>[]; height: number }) {
  const keyWidth = Math.max(...bindings.map((binding) => keyLabels(binding).length)) + 2;
  const rows = Math.max(1, height - CHROME_ROWS);
  const columns = bindings.length > rows ? [bindings.slice(0, Math.ceil(bindings.length / 2)), bindings.slice(Math.ceil(bindings.length / 2))] : [bindings];
  return (
    <Box flexDirection="column" height={height} overflowY="hidden" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>{`Keys (${CLOSE_KEYS} to close)`}</Text>
      <Box flexDirection="row" gap={2}>
        {columns.map((column, index) => (
          <Box key={index} flexDirection="column" flexGrow={1} flexBasis={0}>
            {column.map((binding) => (
              <Text key={binding.command} wrap="truncate">
                <Text bold>{keyLabels(binding).padEnd(keyWidth)}</Text>
                {binding.description}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
