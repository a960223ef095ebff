import { execa } from 'execa';
import path from 'node:path';
import { PROJECT_ROOT } from './project.js';

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
