import { findOnPath } from '../config/executable.js';
import { hadoopProperty, hadoopUser, webHdfsBase } from '../config/hadoop-conf.js';
import { boundedJson } from '../net/bounded-response.js';
import { runHelper } from '../runner/process/helper-process.js';

// Spark on YARN stages each application's files (jobs.zip, its conf, Spark's jars when there is no
// spark.yarn.archive) in `<home>/.sparkStaging/<app id>` on HDFS and deletes the folder when the application
// ends by itself. A killed application leaves it behind (hundreds of MB): backfill removes it.

/** `hdfs://nn:8020/user/<user>/.sparkStaging/<appId>`, from fs.defaultFS; undefined without a configuration. */
export function stagingFolder(appId: string, env: NodeJS.ProcessEnv): string | undefined {
  const fsDefault = hadoopProperty(env, 'core-site.xml', 'fs.defaultFS');
  if (!fsDefault?.startsWith('hdfs://')) return undefined;
  return `${fsDefault.replace(/\/+$/, '')}/user/${hadoopUser(env)}/.sparkStaging/${appId}`;
}

/** Removes the application's staging folder; says what happened, in words. */
export async function removeStaging(appId: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const folder = stagingFolder(appId, env);
  if (!folder) return undefined;
  try {
    const hdfs = findOnPath('hdfs', env.PATH);
    if (hdfs) {
      const result = await runHelper(hdfs, ['dfs', '-rm', '-r', '-f', '-skipTrash', folder], { kind: 'hdfs', env: { ...process.env, ...env }, timeoutMs: 60_000 });
      const why = result.timedOut ? 'timed out' : (result.startError ?? result.stderr.trim().split('\n').at(-1));
      return result.exitCode === 0 ? `staging folder ${folder} removed` : `staging folder ${folder} not removed: ${why}`;
    }
    const uri = new URL(folder);
    const query = new URLSearchParams({ op: 'DELETE', recursive: 'true', 'user.name': hadoopUser(env) });
    const response = await fetch(`${webHdfsBase(env, uri.hostname)}/webhdfs/v1${uri.pathname}?${query}`, { method: 'DELETE', signal: AbortSignal.timeout(30_000) });
    const answer = (await boundedJson(response, 64 * 1024, 'WebHDFS').catch(() => ({}))) as { boolean?: boolean };
    if (response.ok && answer.boolean === true) return `staging folder ${folder} removed`;
    if (response.ok) return undefined; // nothing was left there
    return `staging folder ${folder} not removed: WebHDFS answered HTTP ${response.status}`;
  } catch (error) {
    return `staging folder ${folder} not removed: ${(error as Error).message}`;
  }
}
