import type { EventEmitter } from 'node:events';
import { useInput, useStdin, type Key } from 'ink';
import { useEffect } from 'react';
import type { CommandBinding } from '../keys/key-bindings.js';
import { matchCommand } from '../keys/key-bindings.js';
import { createRawKeyFilter } from '../keys/raw-key-filter.js';
import { splitKeystrokes } from '../keys/split-keystrokes.js';

const filtered = new WeakSet<EventEmitter>();

/**
 * Filters the input where Ink hands its parsed keys to useInput (its stdin `input` events, one key or run of text
 * each), through one raw key filter per terminal: no terminal string's payload reaches a handler as keys, no Alt
 * key as its bare key, and no unknown escape sequence at all (Ink's own would throw on it).
 */
function filterRawKeys(keys: EventEmitter | undefined): void {
  if (!keys || filtered.has(keys)) return;
  filtered.add(keys);
  const filter = createRawKeyFilter();
  const emit = keys.emit.bind(keys);
  keys.emit = (event: string | symbol, ...args: unknown[]) => {
    if (event !== 'input' || typeof args[0] !== 'string') return emit(event, ...args);
    const kept = filter(args[0]);
    return kept === undefined ? false : emit(event, kept, ...args.slice(1));
  };
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
  // Before useInput's effect, so its listener never sees a key the filter drops.
  useEffect(() => filterRawKeys(keys), [keys]);
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
