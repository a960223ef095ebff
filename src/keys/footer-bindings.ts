import type { StageView } from '../state/app-state.js';
import { RUN_KEY_BINDINGS, type CommandBinding, type RunCommand } from './key-bindings.js';

/** The run screen's footer: the chunk key only while the selected stage runs in chunks, so 80 columns hold the rest;
 *  the keys that act on a going run (abort, skip) only while it runs. */
export function runFooterBindings(selected: StageView | undefined, running = true): readonly CommandBinding<RunCommand>[] {
  return RUN_KEY_BINDINGS.filter((binding) => (binding.command !== 'nextChunk' || Boolean(selected?.chunks?.length)) && (running || !binding.whileRunning));
}
