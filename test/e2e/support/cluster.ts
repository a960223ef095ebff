import { execa } from 'execa';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CLI, PROJECT_ROOT, scratchDir } from './project.js';
import { startSampleApi, type SampleApi } from './sample-api.js';

const CLUSTER = path.join(PROJECT_ROOT, 'scripts', 'cluster.sh');

/** Starts a cluster with scripts/cluster.sh (idempotent) and returns the environment its lines export. */
export async function clusterUp(kind: 'standalone' | 'yarn'): Promise<Record<string, string>> {
  const result = await execa(CLUSTER, ['up', kind], { cwd: PROJECT_ROOT, stdin: 'ignore', reject: false });
  if (result.exitCode !== 0) throw new Error(`scripts/cluster.sh up ${kind} failed:\n${result.stderr}`);
  const env: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

export async function clusterDown(kind: 'standalone' | 'yarn'): Promise<void> {
  await execa(CLUSTER, ['down', kind], { cwd: PROJECT_ROOT, stdin: 'ignore', reject: false });
}

/** A Spark standalone master's applications, from its UI's JSON. */
export async function standaloneApps(ui: string): Promise<Array<{ id: string; name: string; state: string }>> {
  const response = await fetch(`${ui}/json/`);
  const json = (await response.json()) as { activeapps: Array<{ id: string; name: string; state: string }>; completedapps: Array<{ id: string; name: string; state: string }> };
  return [...json.activeapps, ...json.completedapps];
}

/**
 * For one test file: the cluster up and the sample API started before its tests, both stopped after; and a
 * `backfill --json` on that cluster's master against the API, in a scratch folder of the file's own.
 */
export function onCluster(kind: 'standalone' | 'yarn', setupTimeoutMs: number) {
  const dir = scratchDir(kind);
  const state: { api?: SampleApi; env: Record<string, string> } = { env: {} };
  beforeAll(async () => {
    [state.api, state.env] = await Promise.all([startSampleApi(), clusterUp(kind)]);
  }, setupTimeoutMs);
  afterAll(async () => {
    await state.api?.stop();
    await clusterDown(kind);
  });
  return {
    dir,
    /** The cluster's exported lines (BACKFILL_TEST_MASTER, HADOOP_CONF_DIR, ...). */
    get env(): Record<string, string> {
      return state.env;
    },
    backfill(args: string[], extraEnv: Record<string, string> = {}) {
      return execa(process.execPath, [CLI, '--json', '--master', state.env.BACKFILL_TEST_MASTER!, '--runs-dir', path.join(dir, 'runs'), ...args], {
        cwd: dir,
        env: { ...state.env, AIR_QUALITY_API_URL: state.api!.url, AIR_QUALITY_MIN_REQUEST_INTERVAL: '0', ...extraEnv },
        stdin: 'ignore',
        reject: false,
      });
    },
  };
}
