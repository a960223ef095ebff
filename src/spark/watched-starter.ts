import type { StageStarter } from '../runner/process/stage-process.js';
import { SparkAppWatcher } from './app-watcher.js';
import { killOnCluster, type PendingKill } from './cluster-kill.js';
import type { SparkUiPollerOptions } from './ui-poller.js';
import { applicationDiagnostics, resourceManagerUrl, type HttpRequest, type RestKillOptions } from './yarn-rest.js';

export interface SparkWatchOptions {
  /** Polling of the drivers' REST API once their log names it; false to only read the log. */
  poll?: SparkUiPollerOptions | false;
  /** The ResourceManager calls of a cluster kill (tests shorten its waits). */
  kill?: RestKillOptions;
  /** The ResourceManager call for a failed application's diagnostics (tests shorten its deadline). */
  diagnostics?: { request?: HttpRequest; timeoutMs?: number };
}

/** How long a stop waits for the cluster to take the kill before it signals the driver anyway. */
const KILL_REQUEST_WAIT_MS = 10_000;

/**
 * Wraps a stage starter with what Spark adds to a process: its application read from the log (UI address,
 * YARN id, tracking URL), its driver's REST API polled while it lives (progress, and memory with its
 * warnings), and, when the stage is stopped, its
 * YARN application killed on the cluster first (so it ends KILLED in client and cluster deploy mode), then
 * the submit's process group. The runner hears all of it through the stage's handlers and knows nothing of Spark.
 */
export function watchSparkApps(start: StageStarter, options: SparkWatchOptions = {}): StageStarter {
  return (stageOptions) => {
    const handlers = stageOptions.handlers ?? {};
    const env = { ...globalThis.process.env, ...stageOptions.env };
    const watcher = new SparkAppWatcher(
      {
        onApp: (app) => handlers.onSparkApp?.(app),
        onSnapshot: (snapshot) => handlers.onSparkUi?.(snapshot),
        onMemory: (memory) => handlers.onSparkMemory?.(memory),
        onMemoryWarning: (warning) => handlers.onSparkMemoryWarning?.(warning),
      },
      options.poll ?? {},
      { chunked: stageOptions.env?.BACKFILL_CHUNK !== undefined },
    );
    const process = start({
      ...stageOptions,
      handlers: {
        ...handlers,
        onLines: (lines) => {
          watcher.readLines(lines);
          handlers.onLines?.(lines);
        },
      },
    });
    let stopped = false;
    let kill: PendingKill | undefined;
    const killApp = (): PendingKill | undefined => {
      kill ??= killOnCluster(watcher.info, env, options.kill);
      return kill;
    };
    const exited = process.exited.then(async (exit) => {
      await watcher.stop();
      // Stopped before its application id was in the log, or killed meanwhile: make sure of it now.
      const outcome = stopped ? await killApp()?.outcome : undefined;
      const appId = watcher.info.appId;
      if (outcome && appId) handlers.onAppKill?.({ appId, ...outcome });
      // A YARN application that failed on its own: what the ResourceManager says of it (asked once, with a deadline).
      if (!stopped && exit.exitCode !== 0 && appId && /^application_\d+_\d+$/.test(appId)) {
        const rm = resourceManagerUrl(watcher.info, env);
        const diagnostics = rm ? await applicationDiagnostics(rm, appId, options.diagnostics) : undefined;
        if (diagnostics) handlers.onAppDiagnostics?.(diagnostics);
      }
      return exit;
    });
    return {
      get pid() {
        return process.pid;
      },
      exited,
      async stop(graceSeconds, onSignal) {
        stopped = true;
        const pending = killApp();
        if (pending) await Promise.race([pending.requested, new Promise((resolve) => setTimeout(resolve, KILL_REQUEST_WAIT_MS).unref())]);
        return process.stop(graceSeconds, onSignal);
      },
    };
  };
}
