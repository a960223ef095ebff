import { findOnPath } from '../config/executable.js';
import type { SparkAppInfo } from '../runner/types.js';
import { killYarnAppIfRunning } from './yarn.js';
import { killStandaloneApp, masterUiUrl } from './standalone-kill.js';
import { killApplicationRest, resourceManagerUrl, type ClusterKill, type RestKillOptions } from './yarn-rest.js';

export interface PendingKill {
  /** Settles once the cluster has taken the request (or it could not be made): the driver may be stopped then. */
  requested: Promise<void>;
  /** What came of it; undefined when the application had ended already. */
  outcome: Promise<ClusterKill | undefined>;
}

/**
 * Kills a stopped stage's YARN application on the cluster, so that it ends KILLED there whatever the deploy
 * mode: with `yarn application -kill` when a `yarn` command is on PATH, else through the ResourceManager's
 * REST API (its address from the tracking URL or yarn-site.xml). Undefined when there is no way to reach it.
 */
export function killOnCluster(app: SparkAppInfo, env: NodeJS.ProcessEnv, options: RestKillOptions = {}): PendingKill | undefined {
  const appId = app.appId;
  if (appId && /^app-\d+-\d+$/.test(appId)) {
    const ui = masterUiUrl(app, env);
    return ui ? pending((onRequested) => killStandaloneApp(ui, appId, { ...options, onRequested }), appId, ui) : undefined;
  }
  if (!appId || !/^application_\d+_\d+$/.test(appId)) return undefined;
  if (findOnPath('yarn', env.PATH)) {
    const outcome = killYarnAppIfRunning(appId, env).catch((error: unknown) => ({ ok: false, message: `yarn application -kill ${appId}: ${(error as Error).message}` }));
    return { requested: outcome.then(() => undefined), outcome };
  }
  const rm = resourceManagerUrl(app, env);
  return rm ? pending((onRequested) => killApplicationRest(rm, appId, { ...options, onRequested }), appId, rm) : undefined;
}

function pending(kill: (onRequested: () => void) => Promise<ClusterKill | undefined>, appId: string, where: string): PendingKill {
  let markRequested!: () => void;
  const requested = new Promise<void>((resolve) => (markRequested = resolve));
  const outcome = kill(() => markRequested()).catch((error: unknown) => ({ ok: false, message: `could not kill ${appId} on ${where}: ${(error as Error).message}` }));
  void outcome.then(() => markRequested());
  return { requested, outcome };
}
