import { z } from 'zod';
import { boundedJson } from '../net/bounded-response.js';
import type { SparkAppInfo } from '../runner/run/run-types.js';
import type { ClusterKill, RestKillOptions } from './yarn-rest.js';

// A Spark standalone master's web UI: `POST /app/kill/` (id, terminate=true) kills an application, and
// `/json/` lists the completed ones with their final state. The UI's address is not in the driver's log: it is
// BACKFILL_SPARK_MASTER_UI, else the master's host on the default port 8080.

const masterJsonSchema = z.looseObject({
  activeapps: z.array(z.looseObject({ id: z.string(), state: z.string() })).optional(),
  completedapps: z.array(z.looseObject({ id: z.string(), state: z.string() })).optional(),
});

/** The most of the master's /json/ read: it lists at most spark.deploy.retainedApplications (200) ended ones. */
export const MASTER_JSON_MAX_BYTES = 4 * 1024 * 1024;

export function masterUiUrl(app: SparkAppInfo, env: NodeJS.ProcessEnv): string | undefined {
  if (env.BACKFILL_SPARK_MASTER_UI) return env.BACKFILL_SPARK_MASTER_UI.replace(/\/+$/, '');
  const host = app.master ? /^spark:\/\/([^:,]+)/.exec(app.master)?.[1] : undefined;
  return host ? `http://${host}:8080` : undefined;
}

async function stateOn(ui: string, appId: string, timeoutMs: number): Promise<string | undefined> {
  const response = await fetch(`${ui}/json/`, { signal: AbortSignal.timeout(timeoutMs) });
  // An error page (a proxy's, a master's 500) is not the master's word on the app, whatever its body claims.
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${ui}/json/: HTTP ${response.status}`);
  }
  const parsed = masterJsonSchema.safeParse(await boundedJson(response, MASTER_JSON_MAX_BYTES, `${ui}/json/`));
  if (!parsed.success) throw new Error(`${ui}/json/ is not a Spark master's answer`);
  const all = [...(parsed.data.activeapps ?? []), ...(parsed.data.completedapps ?? [])];
  return all.find((entry) => entry.id === appId)?.state.toUpperCase();
}

const FINAL = new Set(['FINISHED', 'FAILED', 'KILLED']);

export async function killStandaloneApp(ui: string, appId: string, options: RestKillOptions = {}): Promise<ClusterKill | undefined> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    const before = await stateOn(ui, appId, timeoutMs);
    if (before && FINAL.has(before)) return undefined;
    const response = await fetch(`${ui}/app/kill/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id: appId, terminate: 'true' }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The master answers the form with a redirect to its front page.
    if (response.status >= 400) return { ok: false, message: `could not kill ${appId} on ${ui}: HTTP ${response.status} (is spark.ui.killEnabled off?)` };
    options.onRequested?.();
    const deadline = Date.now() + (options.confirmMs ?? 30_000);
    for (;;) {
      const state = await stateOn(ui, appId, timeoutMs);
      if (state && FINAL.has(state)) {
        return { ok: state === 'KILLED', message: `${appId} ${state === 'KILLED' ? 'killed' : `ended ${state}`} on the standalone master ${ui}`, finalState: state };
      }
      if (Date.now() >= deadline) return { ok: false, message: `${appId}: asked ${ui} to kill it, but it still reports ${state ?? 'no state'}` };
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  } catch (error) {
    return { ok: false, message: `could not kill ${appId} on ${ui}: ${(error as Error).message}` };
  }
}
