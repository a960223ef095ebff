import type { EtaHistory } from '../eta/eta-history.js';
import type { RunEvent } from '../runner/run/events.js';

/** Where a reporter writes; process.stdout fits. */
export interface TextSink {
  write(text: string): unknown;
}

export interface ReporterOptions {
  /** Minimum gap between two progress reports of one stage; 5 s by default. */
  progressIntervalMs?: number;
  /** Earlier runs' time per day of data: given, progress reports carry ETAs (from it, and from this run's own
   *  rate), estimated from the reporter's fold of the run (report-fold.ts). */
  etaHistory?: EtaHistory;
}

export type Reporter = (event: RunEvent) => void;
