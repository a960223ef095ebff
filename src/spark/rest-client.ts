import { z } from 'zod';
import { boundedJson } from '../net/bounded-response.js';
import { describeIssues } from '../runner/folder/validated-json.js';
import type { SparkUiSnapshot } from '../runner/run/run-types.js';

// The slice of Spark's monitoring REST API (https://spark.apache.org/docs/3.5.7/monitoring.html#rest-api) we
// read, checked on arrival: whatever answers on a driver's port is not trusted to be a driver.
export const applicationsSchema = z.array(z.looseObject({ id: z.string() }));
const jobsSchema = z.array(
  z.looseObject({ status: z.string(), numTasks: z.number(), numCompletedTasks: z.number(), numSkippedTasks: z.number().optional(), numFailedTasks: z.number() }),
);
const stagesSchema = z.array(z.unknown());
const executorsSchema = z.array(z.looseObject({ id: z.string() }));
type JobJson = z.infer<typeof jobsSchema>[number];
type ExecutorJson = z.infer<typeof executorsSchema>[number];

/** The most entries an answer's array may have: a driver's applications, jobs, active stages or executors are
 *  far fewer. Checked before the schema, which makes one issue per bad entry (a 4 MB `[1,1,1,...]` would be two
 *  million issues: seconds of CPU and GBs of heap). */
export const SPARK_REST_MAX_ENTRIES = 10_000;

export async function getChecked<T>(get: FetchJson, url: string, timeoutMs: number, schema: z.ZodType<T>): Promise<T> {
  const answer = await get(url, timeoutMs);
  if (Array.isArray(answer) && answer.length > SPARK_REST_MAX_ENTRIES) throw new Error(`${url}: not Spark's answer (${answer.length} entries)`);
  const result = schema.safeParse(answer);
  if (!result.success) throw new Error(`${url}: not Spark's answer (${describeIssues(result.error)})`);
  return result.data;
}

/** The most of one REST answer read: a driver's jobs, stages or executors, even of a large cluster, are far less. */
export const SPARK_REST_MAX_BYTES = 4 * 1024 * 1024;

export type FetchJson = (url: string, timeoutMs: number) => Promise<unknown>;

export const fetchJson: FetchJson = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return boundedJson(response, SPARK_REST_MAX_BYTES, url);
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
  const applications = await getChecked(get, api, timeoutMs, applicationsSchema);
  const appId = applications[0]?.id;
  if (!appId) return undefined;
  const base = `${api}/${encodeURIComponent(appId)}`;
  const [jobs, stages, executors] = await Promise.all([
    getChecked(get, `${base}/jobs`, timeoutMs, jobsSchema),
    getChecked(get, `${base}/stages?status=active`, timeoutMs, stagesSchema),
    getChecked(get, `${base}/executors`, timeoutMs, executorsSchema),
  ]);
  return summarize(uiUrl, appId, jobs, stages, executors);
}
