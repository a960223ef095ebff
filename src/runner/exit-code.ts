import type { RunStatus } from './types.js';

/** Process exit code for a finished run: 0 succeeded, 1 failed, 130 aborted (as after Ctrl-C). */
export function exitCodeFor(status: Exclude<RunStatus, 'running'> | RunStatus): number {
  switch (status) {
    case 'succeeded':
      return 0;
    case 'aborted':
      return 130;
    default:
      return 1;
  }
}
