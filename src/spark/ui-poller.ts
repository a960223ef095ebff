import type { SparkUiSnapshot } from '../runner/types.js';
import { reachableUiUrl } from './app-info.js';
import { fetchJson, pollSparkUi, type FetchJson } from './rest-client.js';

export const DEFAULT_SPARK_UI_POLL_MS = 3000;
export const DEFAULT_SPARK_UI_TIMEOUT_MS = 1500;

export interface SparkUiPollerOptions {
  intervalMs?: number;
  timeoutMs?: number;
  fetch?: FetchJson;
}

/**
 * Polls one driver's REST API until stopped. Unreachable or odd answers are silent (the console bar stays
 * the fallback); a snapshot is reported only when it differs from the previous one. One request at a time.
 */
export class SparkUiPoller {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastKey = '';
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly uiUrl: string,
    private readonly onSnapshot: (snapshot: SparkUiSnapshot) => void,
    private readonly options: SparkUiPollerOptions = {},
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.tick();
  }

  /** Stops polling; resolves once a poll under way has settled (its result is dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private tick(): void {
    this.inFlight = this.pollOnce().finally(() => {
      this.inFlight = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.options.intervalMs ?? DEFAULT_SPARK_UI_POLL_MS);
    });
  }

  private async pollOnce(): Promise<void> {
    let snapshot: SparkUiSnapshot | undefined;
    try {
      snapshot = await pollSparkUi(
        reachableUiUrl(this.uiUrl),
        this.options.timeoutMs ?? DEFAULT_SPARK_UI_TIMEOUT_MS,
        this.options.fetch ?? fetchJson,
      );
    } catch {
      return; // not up yet, gone, or not a Spark UI: the console bar is the fallback
    }
    if (!snapshot || this.stopped) return;
    const key = JSON.stringify(snapshot);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.onSnapshot({ ...snapshot, url: this.uiUrl });
  }
}
