import { EMPTY_HISTORY, readEtaHistory, type EtaHistory } from '../eta/eta-history.js';
import type { EtaHistoryReader } from '../hooks/use-run-events.js';
import type { RunParams } from '../runner/plan/plan-types.js';

function historyOf(params: RunParams): EtaHistory {
  try {
    return readEtaHistory(params.runsDir, params);
  } catch {
    // An unreadable runs dir only costs the estimate from history; the rate still works.
    return EMPTY_HISTORY;
  }
}

/** The TUI's ETA history: earlier runs in the run's runs dir give the estimate until the progress rate does. */
export const historyForEta: EtaHistoryReader = historyOf;
