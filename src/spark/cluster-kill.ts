import { findOnPath } from '../config/executable.js';
import type { SparkAppInfo } from '../runner/run/run-types.js';
import { killYarnAppIfRunning } from './yarn.js';
import { killStandaloneApp, masterUiUrl } from './standalone-kill.js';
import { removeStaging } from './yarn-staging.js';
import { applicationState, killApplicationRest, resourceManagerUrl, type ClusterKill, type RestKillOptions } from './yarn-rest.js';

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
    const outcome = killYarnAppIfRunning(appId, env)
      .then(async (kill) => (kill?.ok ? withStagingRemoved({ ...kill, ...(await confirmedState(app, appId, env, options)) }, appId, env) : kill))
      .catch((error: unknown) => ({ ok: false, message: `yarn application -kill ${appId}: ${(error as Error).message}` }));
    return { requested: outcome.then(() => undefined), outcome };
  }
  const rm = resourceManagerUrl(app, env);
  if (!rm) return undefined;
  return pending(async (onRequested) => withStagingRemoved(await killApplicationRest(rm, appId, { ...options, onRequested }), appId, env), appId, rm);
}

/** What the ResourceManager says of the application after `yarn application -kill`, when it can be asked. */
async function confirmedState(app: SparkAppInfo, appId: string, env: NodeJS.ProcessEnv, options: RestKillOptions): Promise<{ finalState?: string }> {
  const rm = resourceManagerUrl(app, env);
  const { state } = rm ? await applicationState(rm, appId, options) : {};
  return state ? { finalState: state } : {};
}

/** Once the application has ended on YARN, the staging folder it leaves behind goes too. */
async function withStagingRemoved(kill: ClusterKill | undefined, appId: string, env: NodeJS.ProcessEnv): Promise<ClusterKill | undefined> {
  if (!kill?.finalState) return kill;
  const staging = await removeStaging(appId, env);
  return staging ? { ...kill, message: `${kill.message}; ${staging}` } : kill;
}

function pending(kill: (onRequested: () => void) => Promise<ClusterKill | undefined>, appId: string, where: string): PendingKill {
  let markRequested!: () => void;
  const requested = new Promise<void>((resolve) => (markRequested = resolve));
  const outcome = kill(() => markRequested()).catch((error: unknown) => ({ ok: false, message: `could not kill ${appId} on ${where}: ${(error as Error).message}` }));
  void outcome.then(() => markRequested());
  return { requested, outcome };
}
