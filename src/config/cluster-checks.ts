import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hadoopSiteFileProblems } from './hadoop-conf.js';
import { shown } from './shown.js';
import { canonicalWarehouse } from './warehouse-uri.js';

// What a cluster master needs before anything is submitted, checked up front: a Hadoop configuration for
// YARN, and a warehouse the executors can reach.

export interface ClusterIssue {
  flag: string;
  message: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** True when every host of a `spark://h1:7077,h2:7077` master is this machine. */
function standaloneIsThisMachine(master: string): boolean {
  const hosts = master.slice('spark://'.length).split(',').map((hostPort) => hostPort.replace(/:\d+$/, '').toLowerCase());
  const here = os.hostname().toLowerCase();
  return hosts.every((host) => LOCAL_HOSTS.has(host) || host.startsWith('127.') || host === here);
}

function hadoopConfProblem(env: NodeJS.ProcessEnv): string | undefined {
  const name = env.HADOOP_CONF_DIR ? 'HADOOP_CONF_DIR' : env.YARN_CONF_DIR ? 'YARN_CONF_DIR' : undefined;
  if (!name) {
    return '--master yarn needs the cluster\'s Hadoop configuration: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the folder with yarn-site.xml and core-site.xml, e.g. export HADOOP_CONF_DIR=/etc/hadoop/conf.';
  }
  const dir = env[name]!;
  if (!fs.existsSync(path.join(dir, 'yarn-site.xml'))) {
    return `--master yarn: ${name}=${shown(dir)} has no yarn-site.xml; point it at the cluster's Hadoop configuration folder.`;
  }
  return undefined;
}

/**
 * `--master yarn` without a Hadoop configuration fails only after a JVM has started; a warehouse on this
 * machine's disk cannot be seen by executors on other hosts. YARN and Kubernetes run executors elsewhere by
 * design, so a local warehouse is refused there; a standalone master on this machine may have its workers
 * here too, so it is refused only when the master is on another host.
 */
export function clusterIssues(
  master: string,
  warehouse: { warehouse?: string; projectRoot: string },
  env: NodeJS.ProcessEnv,
  conf: readonly string[] = [],
): ClusterIssue[] {
  const issues: ClusterIssue[] = [];
  if (conf.some((entry) => /^spark\.submit\.deployMode=\s*cluster\s*$/i.test(entry))) {
    // The driver would run on a cluster host, where the jobs' config/ files, the API address and the run's
    // environment are not: refused before anything starts rather than failing there.
    issues.push({
      flag: '--conf',
      message:
        '--conf spark.submit.deployMode=cluster is not supported: the driver would run on a cluster host without the jobs\' config files and environment; ' +
        'leave it out (client mode: the driver runs here, the executors on the cluster).',
    });
  }
  const yarnProblem = master === 'yarn' ? hadoopConfProblem(env) : undefined;
  if (yarnProblem) issues.push({ flag: '--master', message: yarnProblem });
  const multiHost = master === 'yarn' || master.startsWith('k8s://') || (master.startsWith('spark://') && !standaloneIsThisMachine(master));
  const uri = canonicalWarehouse(warehouse, env);
  // YARN and an HDFS warehouse read the Hadoop configuration (addresses, the warehouse lock's WebHDFS): a site
  // file that cannot be read is named now, not waited on or passed over later.
  if (!yarnProblem && (master === 'yarn' || uri.startsWith('hdfs://'))) {
    const flag = master === 'yarn' ? '--master' : '--warehouse';
    for (const message of hadoopSiteFileProblems(env)) issues.push({ flag, message: `${flag} ${shown(flag === '--master' ? master : uri)}: ${message}` });
  }
  if (multiHost && uri.startsWith('file://')) {
    issues.push({
      flag: '--warehouse',
      message:
        `the warehouse ${shown(uri.slice('file://'.length))} is on this machine's disk, but --master ${shown(master)} runs executors on other hosts, ` +
        'which cannot see it; give a cluster file system, e.g. --warehouse hdfs://namenode:8020/warehouse.',
    });
  }
  return issues;
}
