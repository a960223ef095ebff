import { Text } from 'ink';
import { CONFIRM_KEY_BINDINGS, keyLabels, type CommandBinding, type ConfirmCommand } from '../keys/key-bindings.js';

export function ConfirmBar({ question, bindings = CONFIRM_KEY_BINDINGS }: { question: string; bindings?: readonly CommandBinding<ConfirmCommand>[] }) {
  const answers = bindings.map((binding) => `${keyLabels(binding)} ${binding.footer ?? binding.command}`).join(' · ');
  return (
    <Text color="yellow" wrap="truncate">
      <Text bold>{question}</Text> [{answers}]
    </Text>
  );
}
