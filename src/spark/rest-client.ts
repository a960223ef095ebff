import type { SparkUiSnapshot } from '../runner/types.js';

// The slice of Spark's monitoring REST API (https://spark.apache.org/docs/3.5.7/monitoring.html#rest-api) we read.
interface ApplicationJson {
  id: string;
}
interface JobJson {
  status: string;
  numTasks: number;
  numCompletedTasks: number;
  numSkippedTasks?: number;
  numFailedTasks: number;
}
interface ExecutorJson {
  id: string;
}

export type FetchJson = (url: string, timeoutMs: number) => Promise<unknown>;

export const fetchJson: FetchJson = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
};

/** Sums the running jobs' tasks (all jobs once none runs), counts active stages, failed tasks and executors
 *  (the driver left out, unless it is the only one, as in local mode). */
export function summarize(url: string, appId: string, jobs: JobJson[], activeStages: unknown[], executors: ExecutorJson[]): SparkUiSnapshot {
  const running = jobs.filter((job) => job.status === 'RUNNING');
  const counted = running.length > 0 ? running : jobs;
  return {
    url,
    appId,
    completedTasks: counted.reduce((sum, job) => sum + job.numCompletedTasks + (job.numSkippedTasks ?? 0), 0),
    totalTasks: counted.reduce((sum, job) => sum + job.numTasks, 0),
    activeStages: activeStages.length,
    failedTasks: jobs.reduce((sum, job) => sum + job.numFailedTasks, 0),
    // In local mode the driver is the only executor and runs the tasks itself.
    executors: executors.filter((executor) => executor.id !== 'driver').length || Math.min(1, executors.length),
  };
}

/** One poll of a driver's API; throws when it does not answer within the timeout. */
export async function pollSparkUi(uiUrl: string, timeoutMs: number, get: FetchJson = fetchJson): Promise<SparkUiSnapshot | undefined> {
  const api = `${uiUrl}/api/v1/applications`;
  const applications = (await get(api, timeoutMs)) as ApplicationJson[];
  const appId = applications[0]?.id;
  if (!appId) return undefined;
  const base = `${api}/${encodeURIComponent(appId)}`;
  const [jobs, stages, executors] = await Promise.all([
    get(`${base}/jobs`, timeoutMs) as Promise<JobJson[]>,
    get(`${base}/stages?status=active`, timeoutMs) as Promise<unknown[]>,
    get(`${base}/executors`, timeoutMs) as Promise<ExecutorJson[]>,
  ]);
  return summarize(uiUrl, appId, jobs, stages, executors);
}
