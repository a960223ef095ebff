import { Text } from 'ink';
import { footerEntries, type CommandBinding } from '../keys/key-bindings.js';

export function KeyFooter({ bindings }: { bindings: readonly CommandBinding<string>[] }) {
  const entries = footerEntries(bindings);
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
