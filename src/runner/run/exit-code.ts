import type { RunStatus } from './run-types.js';

/** Every exit code backfill ends with, once. */
export const EXIT_CODES = {
  succeeded: 0,
  /** A stage failed, the quality gate failed, or the run folder could not be written. */
  failed: 1,
  /** Bad flags or files, or the warehouse is locked by another run: nothing was started. */
  usage: 2,
  /** Aborted by the operator, SIGINT or SIGTERM (as after Ctrl-C). */
  aborted: 130,
} as const;

/** The exit code for a run's status. A run still running when the console exits was left or interrupted:
 *  that counts as aborted. */
export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case 'succeeded':
      return EXIT_CODES.succeeded;
    case 'failed':
      return EXIT_CODES.failed;
    case 'aborted':
    case 'running':
      return EXIT_CODES.aborted;
  }
}
