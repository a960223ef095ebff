import { z } from 'zod';
import { hadoopProperty } from '../config/hadoop-conf.js';
import { boundedJson } from '../net/bounded-response.js';
import type { SparkAppInfo } from '../runner/run/run-types.js';

// The ResourceManager's REST API (https://hadoop.apache.org/docs/r3.3.4/hadoop-yarn/hadoop-yarn-site/ResourceManagerRest.html),
// for an edge node without a `yarn` command (pip's pyspark has none): read an application's state, and kill it.
// A cluster that wants SPNEGO (Kerberos) answers 401: that is said, with the command to use instead.

const FINAL_STATES = new Set(['FINISHED', 'FAILED', 'KILLED']);
const stateSchema = z.looseObject({ state: z.string() });

export type HttpRequest = (url: string, init: { method: 'GET' | 'PUT'; body?: string; timeoutMs: number }) => Promise<{ status: number; json(): Promise<unknown> }>;

/** The most of one ResourceManager answer read: an application's report is a few KiB. */
export const YARN_REST_MAX_BYTES = 4 * 1024 * 1024;

const httpRequest: HttpRequest = async (url, init) => {
  const response = await fetch(url, {
    method: init.method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(init.body !== undefined ? { body: init.body } : {}),
    signal: AbortSignal.timeout(init.timeoutMs),
  });
  return { status: response.status, json: () => boundedJson(response, YARN_REST_MAX_BYTES, url) };
};

/** `http://rm:8088`: from the application's tracking URL (the RM's proxy), else from yarn-site.xml. */
export function resourceManagerUrl(app: SparkAppInfo, env: NodeJS.ProcessEnv): string | undefined {
  if (app.trackingUrl) {
    try {
      return new URL(app.trackingUrl).origin;
    } catch {
      // not a URL: try the configuration
    }
  }
  const hostname = hadoopProperty(env, 'yarn-site.xml', 'yarn.resourcemanager.hostname');
  const address = hadoopProperty(env, 'yarn-site.xml', 'yarn.resourcemanager.webapp.address') ?? (hostname ? `${hostname}:8088` : undefined);
  return address ? `http://${address}` : undefined;
}

export interface ClusterKill {
  ok: boolean;
  message: string;
  /** The application's state on the ResourceManager once the kill was confirmed (or given up on). */
  finalState?: string;
}

export interface RestKillOptions {
  request?: HttpRequest;
  timeoutMs?: number;
  /** How long to wait for the ResourceManager to report the application ended. */
  confirmMs?: number;
  pollMs?: number;
  /** Told once the ResourceManager has taken the kill request (before it is confirmed). */
  onRequested?: () => void;
}

/** The application's state (`RUNNING`, `KILLED`, ...), or why it could not be read. */
export async function applicationState(rm: string, appId: string, options: RestKillOptions = {}): Promise<{ state?: string; problem?: string }> {
  const request = options.request ?? httpRequest;
  try {
    const response = await request(`${rm}/ws/v1/cluster/apps/${appId}/state`, { method: 'GET', timeoutMs: options.timeoutMs ?? 10_000 });
    if (response.status !== 200) return { problem: describeStatus(response.status) };
    const parsed = stateSchema.safeParse(await response.json());
    return parsed.success ? { state: parsed.data.state.toUpperCase() } : { problem: 'the ResourceManager answered something that is not a state' };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

function describeStatus(status: number): string {
  if (status === 401 || status === 403) return `HTTP ${status}: the ResourceManager wants authentication (SPNEGO/Kerberos), which backfill does not do`;
  if (status === 404) return 'HTTP 404: the ResourceManager does not know the application';
  return `HTTP ${status}`;
}

/**
 * Kills the application through the ResourceManager and waits (bounded) until it reports a final state.
 * Undefined when the application had ended already: nothing to do.
 */
export async function killApplicationRest(rm: string, appId: string, options: RestKillOptions = {}): Promise<ClusterKill | undefined> {
  const request = options.request ?? httpRequest;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const before = await applicationState(rm, appId, options);
  if (before.state && FINAL_STATES.has(before.state)) return undefined;
  try {
    const response = await request(`${rm}/ws/v1/cluster/apps/${appId}/state`, { method: 'PUT', body: JSON.stringify({ state: 'KILLED' }), timeoutMs });
    if (response.status !== 200 && response.status !== 202) {
      return { ok: false, message: `could not kill ${appId} on ${rm}: ${describeStatus(response.status)}; run: yarn application -kill ${appId}` };
    }
    options.onRequested?.();
  } catch (error) {
    return { ok: false, message: `could not kill ${appId} on ${rm}: ${(error as Error).message}; run: yarn application -kill ${appId}` };
  }
  const deadline = Date.now() + (options.confirmMs ?? 30_000);
  for (;;) {
    const { state } = await applicationState(rm, appId, options);
    if (state && FINAL_STATES.has(state)) {
      return { ok: state === 'KILLED', message: `${appId} ${state === 'KILLED' ? 'killed' : `ended ${state}`} on the ResourceManager ${rm}`, finalState: state };
    }
    if (Date.now() >= deadline) {
      return { ok: false, message: `${appId}: asked ${rm} to kill it, but it still reports ${state ?? 'no state'}`, ...(state ? { finalState: state } : {}) };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

const applicationSchema = z.looseObject({
  app: z.looseObject({ diagnostics: z.string().max(64 * 1024).optional(), finalStatus: z.string().optional(), state: z.string().optional() }),
});

/** What the ResourceManager says of an ended application (`/ws/v1/cluster/apps/<id>`: its `diagnostics`,
 *  e.g. "Container killed by YARN for exceeding physical memory limits"); undefined when it says nothing or
 *  cannot be asked within the deadline. */
export async function applicationDiagnostics(rm: string, appId: string, options: { request?: HttpRequest; timeoutMs?: number } = {}): Promise<string | undefined> {
  const request = options.request ?? httpRequest;
  try {
    const response = await request(`${rm}/ws/v1/cluster/apps/${appId}`, { method: 'GET', timeoutMs: options.timeoutMs ?? 5_000 });
    if (response.status !== 200) return undefined;
    const parsed = applicationSchema.safeParse(await response.json());
    const text = parsed.success ? parsed.data.app.diagnostics?.trim() : undefined;
    return text ? text : undefined;
  } catch {
    return undefined;
  }
}
