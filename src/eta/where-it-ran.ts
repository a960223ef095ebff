import type { RunParams } from '../runner/plan/plan-types.js';

/**
 * Where a run ran, as far as its speed goes: the kind of master (a local master with its thread count) and,
 * on a cluster, the executors asked for. A stage takes minutes on a laptop and more on a busy YARN queue, so
 * earlier runs only estimate later ones that ran in the same kind of place.
 */
export function whereItRan(params: Pick<RunParams, 'master' | 'conf'>): string {
  const master = params.master.trim();
  if (master.startsWith('local')) return master;
  const kind = master === 'yarn' ? 'yarn' : master.startsWith('spark://') ? 'standalone' : master.startsWith('k8s://') ? 'k8s' : master;
  const conf = new Map(params.conf.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  if (conf.get('spark.dynamicAllocation.enabled') === 'true') return `${kind}, dynamic executors`;
  const executors = conf.get('spark.executor.instances');
  return executors ? `${kind}, ${executors} executors` : kind;
}
