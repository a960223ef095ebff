import type { EventEmitter } from 'node:events';
import { useInput, useStdin, type Key } from 'ink';
import { useEffect } from 'react';
import type { CommandBinding } from '../keys/key-bindings.js';
import { matchCommand } from '../keys/key-bindings.js';
import { splitKeystrokes } from '../keys/split-keystrokes.js';
import { isUnknownKey } from '../keys/unknown-keys.js';

const guarded = new WeakSet<EventEmitter>();

/**
 * Drops keys Ink cannot name where Ink hands its parsed keys to useInput (its stdin `input` events, one key
 * each), so no unknown escape sequence reaches a handler: Ink's own would throw on it.
 */
function ignoreUnknownKeys(keys: EventEmitter | undefined): void {
  if (!keys || guarded.has(keys)) return;
  guarded.add(keys);
  const emit = keys.emit.bind(keys);
  keys.emit = (event: string | symbol, ...args: unknown[]) => (event === 'input' && typeof args[0] === 'string' && isUnknownKey(args[0]) ? false : emit(event, ...args));
}

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
  const { internal_eventEmitter: keys } = useStdin();
  // Before useInput's effect, so its listener never sees an unknown key.
  useEffect(() => ignoreUnknownKeys(keys), [keys]);
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
