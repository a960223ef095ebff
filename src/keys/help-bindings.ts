import type { RunView } from '../state/app-state.js';
import { RUN_KEY_BINDINGS, type CommandBinding, type RunCommand } from './key-bindings.js';

/** The `?` overlay's keys: the whole table, but the chunk key only when the run has a stage in chunks. */
export function runHelpBindings(run: RunView): readonly CommandBinding<RunCommand>[] {
  const chunked = run.stages.some((stage) => Boolean(stage.chunks?.length));
  return chunked ? RUN_KEY_BINDINGS : RUN_KEY_BINDINGS.filter((binding) => binding.command !== 'nextChunk');
}
