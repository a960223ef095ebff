import { useEffect } from 'react';
import { EXIT_CODES, exitCodeFor } from '../runner/run/exit-code.js';
import type { RunStatus } from '../runner/run/run-types.js';
import type { UiState } from '../state/app-state.js';

/**
 * Exits on its own once the run is over when the operator already asked to quit, or when nobody can press a key
 * (stdin is not a terminal), since otherwise the console would wait forever.
 */
export function useExitWhenDone(status: RunStatus | undefined, ui: UiState, canReadKeys: boolean, onExit: (code: number) => void): void {
  const finished = status !== undefined && status !== 'running';
  useEffect(() => {
    if (!finished) return;
    if (ui.quitAfterRun) onExit(EXIT_CODES.aborted);
    else if (!canReadKeys) onExit(exitCodeFor(status));
  }, [finished, ui.quitAfterRun, canReadKeys, status, onExit]);
}
