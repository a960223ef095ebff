import os from 'node:os';
import path from 'node:path';
import { readBoundedFile, RecordFileError } from '../runner/folder/bounded-file.js';
import { shown } from './shown.js';

// The one reader of a Hadoop client configuration ($HADOOP_CONF_DIR, else $YARN_CONF_DIR): the addresses
// backfill needs from it, for WebHDFS (the warehouse lock, YARN staging) and the ResourceManager. Its files are
// read through the bounded reader: a FIFO in their place would otherwise hang the console before a run starts.

/** The site files backfill reads. */
export const HADOOP_SITE_FILES = ['core-site.xml', 'hdfs-site.xml', 'yarn-site.xml'] as const;

/** Larger than any site file (a cluster's are tens of KB); a file past it is not one. */
export const HADOOP_SITE_MAX_BYTES = 4 * 1024 * 1024;

export function hadoopConfDir(env: NodeJS.ProcessEnv): string | undefined {
  return env.HADOOP_CONF_DIR || env.YARN_CONF_DIR || undefined;
}

/** The text of `<conf>/<file>`; undefined without a configuration folder or such a file. Throws RecordFileError
 *  for a file the bounded reader refuses (a FIFO, a folder, a device, one over HADOOP_SITE_MAX_BYTES). */
function readSiteFile(env: NodeJS.ProcessEnv, file: string): string | undefined {
  const dir = hadoopConfDir(env);
  if (!dir) return undefined;
  try {
    return readBoundedFile(path.join(dir, file), HADOOP_SITE_MAX_BYTES);
  } catch (error) {
    if (error instanceof RecordFileError && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Each site file of the configuration folder that is there but cannot be read as one, named with what it is
 *  and the fix (for the checks before a run starts); none without a configuration folder. */
export function hadoopSiteFileProblems(env: NodeJS.ProcessEnv): string[] {
  const dir = hadoopConfDir(env);
  if (!dir) return [];
  const name = env.HADOOP_CONF_DIR ? 'HADOOP_CONF_DIR' : 'YARN_CONF_DIR';
  return HADOOP_SITE_FILES.flatMap((file) => {
    try {
      readSiteFile(env, file);
      return [];
    } catch (error) {
      const code = error instanceof RecordFileError ? error.code : (error as NodeJS.ErrnoException).code;
      const what =
        code === 'ENOTREG'
          ? `is ${(error as RecordFileError).kind ?? 'not a regular file'}, not a file`
          : code === 'EFBIG'
            ? `is larger than ${HADOOP_SITE_MAX_BYTES / 1024 / 1024} MB, more than any ${file}`
            : `cannot be read (${code ?? (error as Error).message})`;
      return [`${name}=${shown(dir)}: its ${file} ${what}; put the cluster's ${file} there, or point ${name} at the cluster's Hadoop configuration folder.`];
    }
  });
}

/** A property of `<conf>/<file>` (core-site.xml, hdfs-site.xml, yarn-site.xml), or undefined; also for a file
 *  that cannot be read as one (hadoopSiteFileProblems names it before a run starts). */
export function hadoopProperty(env: NodeJS.ProcessEnv, file: string, name: string): string | undefined {
  let xml: string | undefined;
  try {
    xml = readSiteFile(env, file);
  } catch {
    return undefined;
  }
  if (xml === undefined) return undefined;
  const escaped = name.replace(/\./g, '\\.');
  return new RegExp(`<name>\\s*${escaped}\\s*</name>\\s*<value>\\s*([^<\\s]+)\\s*</value>`).exec(xml)?.[1];
}

/** The NameNode's WebHDFS base: `$BACKFILL_WEBHDFS_URL`, else `dfs.namenode.http-address`, else the given
 *  NameNode host on Hadoop 3's default port 9870. */
export function webHdfsBase(env: NodeJS.ProcessEnv, nameNodeHost: string): string {
  const configured = env.BACKFILL_WEBHDFS_URL ?? hadoopProperty(env, 'hdfs-site.xml', 'dfs.namenode.http-address');
  if (!configured) return `http://${nameNodeHost}:9870`;
  const base = configured.includes('://') ? configured : `http://${configured}`;
  return base.replace('//0.0.0.0', '//127.0.0.1').replace(/\/+$/, '');
}

/** Whom HDFS and YARN take the requests to be from (simple authentication). */
export function hadoopUser(env: NodeJS.ProcessEnv): string {
  return env.HADOOP_USER_NAME ?? os.userInfo().username;
}
