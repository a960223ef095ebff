import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The one reader of a Hadoop client configuration ($HADOOP_CONF_DIR, else $YARN_CONF_DIR): the addresses
// backfill needs from it, for WebHDFS (the warehouse lock, YARN staging) and the ResourceManager.

export function hadoopConfDir(env: NodeJS.ProcessEnv): string | undefined {
  return env.HADOOP_CONF_DIR || env.YARN_CONF_DIR || undefined;
}

/** A property of `<conf>/<file>` (core-site.xml, hdfs-site.xml, yarn-site.xml), or undefined. */
export function hadoopProperty(env: NodeJS.ProcessEnv, file: string, name: string): string | undefined {
  const dir = hadoopConfDir(env);
  if (!dir) return undefined;
  let xml: string;
  try {
    xml = fs.readFileSync(path.join(dir, file), 'utf8');
  } catch {
    return undefined;
  }
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
