import type { SparkAppInfo, SparkMemory, SparkMemoryWarning, SparkUiSnapshot } from '../runner/run/run-types.js';
import { SparkAppInfoReader } from './app-info.js';
import { memoryWarnings, type MemoryAdviceContext } from './memory-warnings.js';
import { SparkMemoryPoller, SparkUiPoller, type SparkUiPollerOptions } from './ui-poller.js';

export interface SparkAppWatcherHandlers {
  onApp(info: SparkAppInfo): void;
  onSnapshot(snapshot: SparkUiSnapshot): void;
  onMemory?(memory: SparkMemory): void;
  /** Once per kind for the watcher's whole life (all the attempts of its stage or chunk). */
  onMemoryWarning?(warning: SparkMemoryWarning): void;
}

/**
 * Follows one submit's log for its Spark application (UI address, YARN id and tracking URL) and, once the
 * UI address is known, polls the UI's REST API until `stop` (called when the process has exited).
 */
export class SparkAppWatcher {
  private readonly reader = new SparkAppInfoReader();
  private poller: SparkUiPoller | undefined;
  private memoryPoller: SparkMemoryPoller | undefined;
  private readonly warned = new Set<SparkMemoryWarning['kind']>();
  private polledUrl: string | undefined;
  private stopped = false;

  constructor(
    private readonly handlers: SparkAppWatcherHandlers,
    /** false: read the log only, never poll. */
    private readonly pollerOptions: SparkUiPollerOptions | false = {},
    private readonly advice: MemoryAdviceContext = { chunked: false },
  ) {}

  get info(): SparkAppInfo {
    return this.reader.current;
  }

  readLines(lines: readonly string[]): void {
    if (this.stopped) return;
    for (const line of lines) {
      const info = this.reader.read(line);
      if (!info) continue;
      this.handlers.onApp(info);
      const target = pollTarget(info);
      if (target && target !== this.polledUrl) this.pollUi(target);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.poller?.stop(), this.memoryPoller?.stop()]);
  }

  private pollUi(url: string): void {
    if (this.pollerOptions === false) return;
    // The port line comes before the bound line; the bound line's address replaces it.
    void this.poller?.stop();
    void this.memoryPoller?.stop();
    this.polledUrl = url;
    this.poller = new SparkUiPoller(url, (snapshot) => this.handlers.onSnapshot(snapshot), this.pollerOptions);
    this.poller.start();
    if (this.pollerOptions.memoryIntervalMs === false) return;
    this.memoryPoller = new SparkMemoryPoller(url, (memory) => this.onMemory(memory), this.pollerOptions);
    this.memoryPoller.start();
  }

  private onMemory(memory: SparkMemory): void {
    this.handlers.onMemory?.(memory);
    for (const warning of memoryWarnings(memory, this.advice)) {
      if (this.warned.has(warning.kind)) continue;
      this.warned.add(warning.kind);
      this.handlers.onMemoryWarning?.(warning);
    }
  }
}

/**
 * Where to ask for the application's progress. On YARN, the ResourceManager's proxy (the tracking URL) serves
 * the driver's REST API from the edge node in both deploy modes; the driver's own UI redirects there anyway
 * (AmIpFilter), or runs on another host (cluster mode). Elsewhere, the driver's UI.
 */
export function pollTarget(info: SparkAppInfo): string | undefined {
  if (info.trackingUrl && /\/proxy\/application_\d+_\d+\/?$/.test(info.trackingUrl)) return info.trackingUrl.replace(/\/+$/, '');
  return info.uiUrl;
}
