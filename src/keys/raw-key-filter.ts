// What of the terminal's input reaches the key handlers, one key (or run of typed text) at a time as Ink's input
// parser cuts them: Alt keys and keys Ink cannot name are dropped before any handler sees them.
import { isAltKey } from './alt-keys.js';
import { isUnknownKey } from './unknown-keys.js';

/** Takes one piece of input as Ink cut it; gives what of it is keys, or undefined when nothing is. */
export type RawKeyFilter = (sequence: string) => string | undefined;

export function createRawKeyFilter(): RawKeyFilter {
  return (sequence) => (isAltKey(sequence) || isUnknownKey(sequence) ? undefined : sequence);
}
