// What of the terminal's input reaches the key handlers, one key (or run of typed text) at a time as Ink's input
// parser cuts them: terminal strings (OSC, DCS, APC, PM, SOS, up to their terminator), Alt keys and keys Ink cannot
// name are dropped before any handler sees them.
import { isAltKey } from './alt-keys.js';
import { createTerminalStringFilter } from './terminal-strings.js';
import { isUnknownKey } from './unknown-keys.js';

/** Takes one piece of input as Ink cut it; gives what of it is keys, or undefined when nothing is. */
export type RawKeyFilter = (sequence: string) => string | undefined;

/** One per terminal: a terminal string can run across pieces. */
export function createRawKeyFilter(): RawKeyFilter {
  const terminalStrings = createTerminalStringFilter();
  return (sequence) => {
    const keys = terminalStrings.push(sequence);
    return keys === '' || isAltKey(keys) || isUnknownKey(keys) ? undefined : keys;
  };
}
