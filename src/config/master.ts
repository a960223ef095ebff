import { shown } from './shown.js';

// The Spark masters a run may name, checked before anything starts: Spark reads local[N] into an int and dies
// on what it cannot read (local[99999999999]) only after a JVM has started. Case as Spark matches it.

/** More task threads than this in one local JVM is a typo rather than a plan (local[*] is one per core). */
export const MAX_LOCAL_THREADS = 1024;

/** More attempts of a task than this (local[N,F]) is a typo rather than a plan. */
export const MAX_TASK_FAILURES = 100;

const LOCAL = /^local\[(\*|0|[1-9]\d*)(?:,(0|[1-9]\d*))?\]$/;
// A host name or IPv4 address, or an IPv6 literal in brackets; then the port.
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

const FORMS = 'use local[*], local[N], yarn, spark://host:port or k8s://...';

/** Why `master` is not a Spark master a run can use, as a whole message naming --master and the fix, or undefined. */
export function masterProblem(master: string): string | undefined {
  const given = `--master ${shown(master) || '(empty)'}`;
  if (master === 'local' || master === 'yarn') return undefined;
  if (master.startsWith('local[')) return localProblem(master, given);
  if (master.startsWith('spark://')) {
    const ports = master.slice('spark://'.length).split(',').map((hostPort) => HOST_PORT.exec(hostPort)?.[1]);
    if (ports.every((port) => port !== undefined && Number(port) >= 1 && Number(port) <= 65_535)) return undefined;
    return `${given} is not a standalone master's URL; use spark://host:port (a port from 1 to 65535), several masters as spark://host1:7077,host2:7077.`;
  }
  if (master.startsWith('k8s://')) {
    if (kubernetesApiServer(master.slice('k8s://'.length))) return undefined;
    return `${given} does not name a Kubernetes API server; use k8s://https://host:port.`;
  }
  return `${given} is not a Spark master; ${FORMS}`;
}

function localProblem(master: string, given: string): string | undefined {
  const form = `local[N] or local[N,F] (N threads from 1 to ${MAX_LOCAL_THREADS} or *, F attempts of a task from 1 to ${MAX_TASK_FAILURES}, in plain digits)`;
  const match = LOCAL.exec(master);
  if (!match) return `${given} is not a local master; use local, local[*], ${form}.`;
  const [, threads, failures] = match;
  if (threads === '0') return `${given} runs no task thread: it must be at least local[1]; use local[*] for one thread per core.`;
  if (threads !== '*' && Number(threads) > MAX_LOCAL_THREADS) {
    return `${given} is too high: at most local[${MAX_LOCAL_THREADS}] threads; use local[*] for one thread per core.`;
  }
  if (failures === '0') return `${given} gives a task no attempt: F must be at least 1, e.g. local[*,2].`;
  if (failures !== undefined && Number(failures) > MAX_TASK_FAILURES) return `${given} is too high: at most ${MAX_TASK_FAILURES} attempts of a task, e.g. local[*,4].`;
  return undefined;
}

/** True when `rest` (after k8s://) is an API server's address as Spark reads it: http(s)://host[:port][/path],
 *  https:// when left out. */
function kubernetesApiServer(rest: string): boolean {
  if (/[^\x21-\x7e]/.test(rest)) return false;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(rest) ? rest : `https://${rest}`);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
