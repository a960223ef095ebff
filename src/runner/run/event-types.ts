import type { RunEvent } from './events.js';

/** Every kind of run event, once: what readers of the journal and the store accept as an event. */
export const RUN_EVENT_TYPES = [
  'run-started',
  'stage-started',
  'chunk-started',
  'stage-output',
  'stage-progress',
  'chunk-progress',
  'spark-progress',
  'stage-stopping',
  'chunk-stopping',
  'stage-finished',
  'chunk-finished',
  'stage-retry',
  'spark-app',
  'spark-ui',
  'spark-memory',
  'spark-memory-warning',
  'yarn-kill',
  'failure-cause',
  'storage-error',
  'job-result',
  'quality-gate',
  'run-finished',
] as const satisfies ReadonlyArray<RunEvent['type']>;

// Fails to compile when a kind of event is missing from the list above.
type Missing = Exclude<RunEvent['type'], (typeof RUN_EVENT_TYPES)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;
