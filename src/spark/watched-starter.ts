import type { StageStarter } from '../runner/stage-process.js';
import { SparkAppWatcher } from './app-watcher.js';
import type { SparkUiPollerOptions } from './ui-poller.js';
import { killYarnAppIfRunning } from './yarn.js';

export interface SparkWatchOptions {
  /** Polling of the drivers' REST API once their log names it; false to only read the log. */
  poll?: SparkUiPollerOptions | false;
}

/**
 * Wraps a stage starter with what Spark adds to a process: its application read from the log (UI address,
 * YARN id, tracking URL), its driver's REST API polled while it lives, and, when the submit was stopped and
 * its application outlives it (YARN cluster mode), the application killed. The runner hears all of it
 * through the stage's handlers and knows nothing of Spark.
 */
export function watchSparkApps(start: StageStarter, options: SparkWatchOptions = {}): StageStarter {
  return (stageOptions) => {
    const handlers = stageOptions.handlers ?? {};
    const watcher = new SparkAppWatcher(
      { onApp: (app) => handlers.onSparkApp?.(app), onSnapshot: (snapshot) => handlers.onSparkUi?.(snapshot) },
      options.poll ?? {},
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
    const exited = process.exited.then(async (exit) => {
      await watcher.stop();
      const appId = watcher.info.appId;
      if (stopped && appId) {
        const kill = await killYarnApp(appId, { ...globalThis.process.env, ...stageOptions.env });
        if (kill) handlers.onAppKill?.({ appId, ...kill });
      }
      return exit;
    });
    return {
      get pid() {
        return process.pid;
      },
      exited,
      stop(graceSeconds, onSignal) {
        stopped = true;
        return process.stop(graceSeconds, onSignal);
      },
    };
  };
}

async function killYarnApp(appId: string, env: NodeJS.ProcessEnv): Promise<{ ok: boolean; message: string } | undefined> {
  try {
    return await killYarnAppIfRunning(appId, env);
  } catch (error) {
    return { ok: false, message: `yarn application -kill ${appId}: ${(error as Error).message}` };
  }
}
