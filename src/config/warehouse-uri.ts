import fs from 'node:fs';
import path from 'node:path';
import { shown } from './shown.js';
import { hadoopProperty } from './hadoop-conf.js';
import type { RunParams } from '../runner/plan/plan-types.js';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** A local path with its symlinks resolved as far as it exists (the rest may be created later). */
function realLocalPath(absolute: string): string {
  const missing: string[] = [];
  let dir = path.resolve(absolute);
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...missing.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(absolute);
      missing.push(path.basename(dir));
      dir = parent;
    }
  }
}

/** The Hadoop file systems a warehouse may be on (the jobs' Hadoop catalog writes through them), each with what
 *  its authority names and an example. Each needs its authority: the jobs need it to reach the store, and the
 *  warehouse lock to be one key per warehouse (`hdfs:///wh` and `hdfs://nn:8020/wh` would be two). The one
 *  spelling without it that edge nodes use, `hdfs:///wh`, takes the NameNode of core-site.xml's fs.defaultFS. */
const CLUSTER_FILE_SYSTEMS = new Map<string, { authority: string; example: string }>([
  ['hdfs', { authority: 'NameNode', example: 'hdfs://namenode:8020/warehouse' }],
  ['viewfs', { authority: 'mount table', example: 'viewfs://cluster/warehouse' }],
  ['s3a', { authority: 'bucket', example: 's3a://bucket/warehouse' }],
  ['gs', { authority: 'bucket', example: 'gs://bucket/warehouse' }],
  ['oss', { authority: 'bucket', example: 'oss://bucket/warehouse' }],
  ['abfs', { authority: 'container and account', example: 'abfs://container@account.dfs.core.windows.net/warehouse' }],
  ['abfss', { authority: 'container and account', example: 'abfss://container@account.dfs.core.windows.net/warehouse' }],
  ['wasb', { authority: 'container and account', example: 'wasb://container@account.blob.core.windows.net/warehouse' }],
  ['wasbs', { authority: 'container and account', example: 'wasbs://container@account.blob.core.windows.net/warehouse' }],
]);

// What RFC 3986 lets an authority hold (user info, host, IPv6 literal, port): no blank or control character.
const AUTHORITY = /^[A-Za-z0-9._~%!$&'()*+,;=:@[\]-]+$/;

/**
 * Why `value` cannot name a warehouse, as the rest of a sentence after the flag's name, or undefined. A value
 * without a scheme is a local path; otherwise the scheme is file or one of CLUSTER_FILE_SYSTEMS, with its
 * authority. A file URI names a path on this machine: one with another host (`file://otherhost/data`) is
 * refused rather than read as the relative path `otherhost/data`; a `%` must start a `%XX` escape.
 */
export function warehouseUriProblem(value: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  if (scheme === 'file') return fileUriProblem(value);
  const fileSystem = CLUSTER_FILE_SYSTEMS.get(scheme);
  if (!fileSystem) {
    const localHint = value.includes('://') ? '' : `; a local folder whose name holds ":" is written ./${shown(value)}`;
    return (
      `${shown(value)} is not a warehouse the jobs can write (no file system ${shown(scheme)}:); give a local folder, a file:/// URI ` +
      `or a cluster URI of ${[...CLUSTER_FILE_SYSTEMS.keys()].join(', ')} (e.g. hdfs://namenode:8020/warehouse)${localHint}.`
    );
  }
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(value)?.[1] ?? '';
  if (authority === '' && scheme === 'hdfs' && /^hdfs:\/\/\/./i.test(value) && defaultNameNode(env)) return undefined;
  if (authority === '') {
    const defaultFs = scheme === 'hdfs' ? ' (and no core-site.xml in $HADOOP_CONF_DIR gives an hdfs:// fs.defaultFS to take it from)' : '';
    return `${shown(value)} names no ${fileSystem.authority} after ${scheme}://${defaultFs}; write it whole, e.g. ${fileSystem.example}.`;
  }
  let host = '';
  try {
    host = AUTHORITY.test(authority) ? new URL(value).host : '';
  } catch {
    // a port past 65535, an IPv6 literal cut short
  }
  if (host === '') return `${shown(value)} is not a whole URI (its ${fileSystem.authority} ${shown(authority)} does not read as one); write it as ${fileSystem.example}.`;
  return undefined;
}

function fileUriProblem(value: string): string | undefined {
  const host = /^file:\/\/([^/]*)/i.exec(value)?.[1];
  if (host !== undefined && host !== '' && host.toLowerCase() !== 'localhost') {
    const rest = value.replace(/^file:\/\/[^/]*/i, '');
    return `${shown(value)} names host ${shown(host)}, but a file: URI is a path on this machine; write file://${rest || '/'} (three slashes), or the cluster's own URI such as hdfs://${shown(host)}${rest}.`;
  }
  try {
    decodeURIComponent(value);
  } catch {
    return `${shown(value)} has a % that does not start a %XX escape; write a literal % as %25: ${shown(value.replace(/%(?![0-9a-f]{2})/gi, '%25'))}.`;
  }
  return undefined;
}

/**
 * One spelling per warehouse, so that one lock guards it however it is typed: `warehouse/`, `/abs/warehouse`,
 * `file:/abs/warehouse` and `file:///abs/warehouse/` are all `file:///abs/warehouse` (symlinks resolved);
 * a cluster URI gets its scheme and host in lower case, its path without `.`, `..`, doubled or trailing slashes,
 * and `hdfs:///wh` the NameNode of fs.defaultFS (`hdfs://nn:8020/wh`).
 */
export function canonicalWarehouseUri(value: string, base: string, env: NodeJS.ProcessEnv = process.env): string {
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  const nameNode = scheme === 'hdfs' && /^hdfs:\/\/\//i.test(value) ? defaultNameNode(env) : undefined;
  if (nameNode) return canonicalWarehouseUri(`hdfs://${nameNode}${value.slice('hdfs://'.length)}`, base, env);
  if (scheme === undefined || scheme === 'file') {
    const local = scheme === 'file' ? decodeURIComponent(value.replace(/^file:(\/\/(localhost)?)?/i, '')) : value;
    return `file://${realLocalPath(path.resolve(base, local))}`;
  }
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)(.*)$/i.exec(value);
  if (!match) return value;
  const authority = match[1]!.toLowerCase();
  const cleanPath = path.posix.normalize(`/${match[2] ?? ''}`).replace(/\/+$/, '');
  return `${scheme}://${authority}${cleanPath}`;
}

/** The warehouse a run writes: `--warehouse`, else the submit wrapper's `WAREHOUSE_URI`, else its default
 *  `<project>/warehouse`; canonical. */
export function canonicalWarehouse(params: Pick<RunParams, 'warehouse' | 'projectRoot'>, env: NodeJS.ProcessEnv = process.env): string {
  const given = params.warehouse || env.WAREHOUSE_URI || path.join(params.projectRoot, 'warehouse');
  return canonicalWarehouseUri(given, params.projectRoot, env);
}

/** The NameNode (host:port) of core-site.xml's fs.defaultFS, when that is an hdfs:// URI with one. */
function defaultNameNode(env: NodeJS.ProcessEnv): string | undefined {
  const defaultFs = hadoopProperty(env, 'core-site.xml', 'fs.defaultFS');
  const authority = defaultFs && /^hdfs:\/\/([^/?#]+)/i.exec(defaultFs)?.[1];
  return authority && AUTHORITY.test(authority) ? authority : undefined;
}
