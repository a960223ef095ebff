import type { BackfillOptions } from './options.js';

export const DEFAULT_MASTER = 'local[*]';
export const DEFAULT_GRACE_SECONDS = 30;
/** Seconds between a failed attempt and the next (--retry-delay), also for a run.json that does not say. */
export const DEFAULT_RETRY_DELAY_SECONDS = 30;
export const DEFAULT_RUNS_DIR = '.backfill/runs';
export const DEFAULT_CHUNK = 'none';
export const DEFAULT_PARALLEL = 1;

export function defaultOptions(): BackfillOptions {
  return {
    startDate: '',
    endDate: '',
    skipBronze: false,
    skipSilver: false,
    skipGold: false,
    locations: '',
    pollutants: '',
    warehouse: '',
    sparkSubmit: '',
    master: DEFAULT_MASTER,
    conf: [],
    continueOnFailure: false,
    grace: DEFAULT_GRACE_SECONDS,
    runsDir: DEFAULT_RUNS_DIR,
    chunk: DEFAULT_CHUNK,
    parallel: DEFAULT_PARALLEL,
    failFast: false,
  };
}
