import { Text } from 'ink';
import { fittingFooterEntries, type CommandBinding } from '../keys/key-bindings.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

export function KeyFooter({ bindings }: { bindings: readonly CommandBinding<string>[] }) {
  const { columns } = useTerminalSize();
  const entries = fittingFooterEntries(bindings, columns - 1);
  return (
    <Text wrap="truncate">
      {entries.map((entry, index) => (
        <Text key={entry.label}>
          {index > 0 ? <Text color="gray"> · </Text> : null}
          <Text bold>{entry.keys}</Text>
          <Text color="gray"> {entry.label}</Text>
        </Text>
      ))}
    </Text>
  );
}
