import { Text } from 'ink';
import { CONFIRM_KEY_BINDINGS, keyLabels } from '../keys/key-bindings.js';

export function ConfirmBar({ question }: { question: string }) {
  const answers = CONFIRM_KEY_BINDINGS.map((binding) => `${keyLabels(binding)} ${binding.footer ?? binding.command}`).join(' · ');
  return (
    <Text color="yellow" wrap="truncate">
      <Text bold>{question}</Text> [{answers}]
    </Text>
  );
}
