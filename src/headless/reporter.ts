import type { EtaTracker } from '../eta/eta-tracker.js';
import type { RunEvent } from '../runner/run/events.js';

/** Where a reporter writes; process.stdout fits. */
export interface TextSink {
  write(text: string): unknown;
}

export interface ReporterOptions {
  /** Minimum gap between two progress reports of one stage; 5 s by default. */
  progressIntervalMs?: number;
  /** Fed every event; its estimates are added to progress reports. */
  eta?: EtaTracker;
}

export type Reporter = (event: RunEvent) => void;
