import { useEffect } from 'react';
import { ABORTED_EXIT_CODE } from '../keys/run-command-effects.js';
import { exitCodeFor } from '../state/progress.js';
import type { RunView, UiState } from '../state/run-state.js';

/**
 * Exits on its own once the run is over when the operator already asked to quit, or when nobody can press a key
 * (stdin is not a terminal), since otherwise the console would wait forever.
 */
export function useExitWhenDone(run: RunView, ui: UiState, canReadKeys: boolean, onExit: (code: number) => void): void {
  const finished = run.status !== 'running';
  useEffect(() => {
    if (!finished) return;
    if (ui.quitAfterRun) onExit(ABORTED_EXIT_CODE);
    else if (!canReadKeys) onExit(exitCodeFor(run.status));
  }, [finished, ui.quitAfterRun, canReadKeys, run.status, onExit]);
}
