import { useStdout } from 'ink';
import { useEffect, useRef } from 'react';
import type { RunStatus } from '../runner/run/run-types.js';
import { runEndAlert } from '../text/run-end-alert.js';

/** Rings the terminal and raises a desktop notification when the run goes from running to ended while this
 *  screen watches (not when it opens on a run that has ended already). */
export function useRunEndAlert(runId: string, status: RunStatus | undefined): void {
  const { stdout } = useStdout();
  const previous = useRef(status);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (before === 'running' && status !== undefined && status !== 'running' && stdout.isTTY) stdout.write(runEndAlert(runId, status));
  }, [runId, status, stdout]);
}
