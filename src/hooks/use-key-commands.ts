import { useInput, useStdin, type Key } from 'ink';
import type { CommandBinding } from '../keys/key-bindings.js';
import { matchCommand } from '../keys/key-bindings.js';
import { splitKeystrokes } from '../keys/split-keystrokes.js';

/** Whether this terminal can deliver key presses; `useInput` throws when stdin is not a TTY. */
export function useCanReadKeys(): boolean {
  return useStdin().isRawModeSupported;
}

/**
 * Routes key presses through a binding table: `onCommand` gets the bound command, `onOther` any other key
 * (e.g. text typed into a field), one keystroke at a time. Input is enabled only when stdin supports raw mode.
 */
export function useKeyCommands<C extends string>(
  bindings: readonly CommandBinding<C>[],
  onCommand: (command: C, input: string, key: Key) => void,
  options: { isActive?: boolean; onOther?: (input: string, key: Key) => void } = {},
): void {
  const canReadKeys = useCanReadKeys();
  useInput(
    (rawInput, rawKey) => {
      for (const { input, key } of splitKeystrokes(rawInput, rawKey)) {
        const command = matchCommand(bindings, input, key);
        if (command !== undefined) onCommand(command, input, key);
        else options.onOther?.(input, key);
      }
    },
    { isActive: canReadKeys && (options.isActive ?? true) },
  );
}
