import type { SparkMemory, SparkUiSnapshot } from '../runner/run/run-types.js';
import { reachableUiUrl } from './app-info.js';
import { SparkMemoryReader } from './memory-rest.js';
import { fetchJson, pollSparkUi, type FetchJson } from './rest-client.js';
import { RestPoller } from './rest-poller.js';

export const DEFAULT_SPARK_UI_POLL_MS = 3000;
export const DEFAULT_SPARK_UI_TIMEOUT_MS = 1500;
/** Memory moves slowly and its answer (every stage) is the biggest: a modest pace, a longer wait. */
export const DEFAULT_SPARK_MEMORY_POLL_MS = 5000;
export const DEFAULT_SPARK_MEMORY_TIMEOUT_MS = 3000;

export interface SparkUiPollerOptions {
  intervalMs?: number;
  timeoutMs?: number;
  fetch?: FetchJson;
  /** How often the memory figures (executors' heap and GC, stages' spill) are polled; false: never. */
  memoryIntervalMs?: number | false;
}

/**
 * Polls one driver's REST API for progress until stopped. Unreachable or odd answers are silent (the
 * console bar stays the fallback); a snapshot is reported only when it differs from the previous one.
 */
export class SparkUiPoller extends RestPoller<SparkUiSnapshot> {
  constructor(uiUrl: string, onSnapshot: (snapshot: SparkUiSnapshot) => void, options: SparkUiPollerOptions = {}) {
    const poll = async (url: string) => {
      const snapshot = await pollSparkUi(reachableUiUrl(url), options.timeoutMs ?? DEFAULT_SPARK_UI_TIMEOUT_MS, options.fetch ?? fetchJson);
      return snapshot && { ...snapshot, url };
    };
    super(uiUrl, poll, onSnapshot, options.intervalMs ?? DEFAULT_SPARK_UI_POLL_MS);
  }
}

/** Polls one driver's memory figures until stopped, reporting them when they change. */
export class SparkMemoryPoller extends RestPoller<SparkMemory> {
  constructor(uiUrl: string, onMemory: (memory: SparkMemory) => void, options: SparkUiPollerOptions = {}) {
    const reader = new SparkMemoryReader(options.fetch ?? fetchJson);
    const poll = (url: string) => reader.read(reachableUiUrl(url), options.timeoutMs ?? DEFAULT_SPARK_MEMORY_TIMEOUT_MS);
    super(uiUrl, poll, onMemory, options.memoryIntervalMs || DEFAULT_SPARK_MEMORY_POLL_MS);
  }
}
