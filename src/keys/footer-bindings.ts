import type { StageView } from '../state/run-state.js';
import { RUN_KEY_BINDINGS, type CommandBinding, type RunCommand } from './key-bindings.js';

const WITHOUT_CHUNK_KEY = RUN_KEY_BINDINGS.filter((binding) => binding.command !== 'nextChunk');

/** The run screen's footer: the chunk key only while the selected stage runs in chunks, so 80 columns hold the rest. */
export function runFooterBindings(selected: StageView | undefined): readonly CommandBinding<RunCommand>[] {
  return selected?.chunks?.length ? RUN_KEY_BINDINGS : WITHOUT_CHUNK_KEY;
}
