import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { findOnPath } from '../config/executable.js';
import { hadoopUser, webHdfsBase } from '../config/hadoop-conf.js';
import { tryParseJson } from '../runner/folder/validated-json.js';
import { RECORD_MAX_BYTES, tryReadBoundedFile } from '../runner/folder/bounded-file.js';
import { readForTakeover, removeIfUnchanged, type TakeoverOutcome } from './stale-takeover.js';
import { createFileExclusive, writeFileAtomic } from '../runner/folder/atomic-file.js';
import { makeFolders } from '../runner/folder/make-folders.js';
import { boundedText } from '../net/bounded-response.js';

// The lock inside the warehouse itself: what two edge nodes sharing one HDFS (or NFS) warehouse both see.
// Created atomically (O_EXCL on a file system, `overwrite=false` on HDFS), so of two consoles on two machines
// exactly one gets it; it names the run, the machine, the pid and the time, and is removed when the run ends.

export const MARKER_NAME = '.backfill-lock.json';

export const lockHolderSchema = z.looseObject({
  runId: z.string().min(1),
  /** The machine the run is on; absent in locks of older versions, which were this machine's. */
  host: z.string().min(1).optional(),
  pid: z.number().int().positive(),
  startTime: z.string().optional(),
  warehouse: z.string(),
  since: z.string(),
  user: z.string().optional(),
  /** `detached`: a runner host owns the run (attach to it); `foreground`: a headless console does (follow its logs). */
  mode: z.enum(['detached', 'foreground']).optional(),
  /** The runs dir of the holder's run (absent in locks of older versions). */
  runsDir: z.string().optional(),
});
export type LockHolder = z.infer<typeof lockHolderSchema>;

/** `created`, or what holds the warehouse already (`undefined` holder: a marker that cannot be read). */
/** Not created: who holds the marker (undefined when it cannot be read), its text, and, when what is there is not
 *  a file at all, what it is ('a folder', 'a FIFO (named pipe)', 'a socket'); `seen`, on a file system, the identity
 *  of what was read, for removeStale. */
export type CreateResult = { created: true } | { created: false; holder: LockHolder | undefined; raw: string; notAFile?: string; seen?: string };

export interface WarehouseMarker {
  /** Where the marker is, for messages. */
  readonly location: string;
  create(holder: LockHolder): Promise<CreateResult>;
  /** Rewrites the marker to name `holder` (another process of the same run), only if it names that run. */
  replace(holder: LockHolder): Promise<void>;
  /** Removes the marker; with `onlyRunId`, only if it names that run. */
  remove(onlyRunId?: string): Promise<void>;
  /** Removes a marker judged stale, only if it is still the one read (`seen`, from create), and no other console
   *  removes it meanwhile (stale-takeover.ts); on HDFS it simply removes the marker. */
  removeStale(seen: string | undefined): Promise<TakeoverOutcome>;
}

/** The marker of a `file://` or `hdfs://` warehouse; undefined for schemes without an atomic create (s3a, ...). */
export function markerFor(warehouse: string, env: NodeJS.ProcessEnv = process.env): WarehouseMarker | undefined {
  if (warehouse.startsWith('file://')) return new FileMarker(path.join(warehouse.slice('file://'.length), MARKER_NAME));
  if (warehouse.startsWith('hdfs://')) return new HdfsMarker(warehouse, env);
  return undefined;
}

const serialize = (holder: LockHolder) => `${JSON.stringify(holder)}\n`;

/** How much of a WebHDFS error answer is read: its message is matched (`already exists`) and its start shown. */
const ANSWER_MAX_BYTES = 64 * 1024;

class FileMarker implements WarehouseMarker {
  constructor(readonly location: string) {}

  async create(holder: LockHolder): Promise<CreateResult> {
    makeFolders(path.dirname(this.location));
    for (let attempt = 0; ; attempt++) {
      try {
        // Whole or not at all: a console that finds it never reads it half written.
        createFileExclusive(this.location, serialize(holder));
        return { created: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // Read once: what is judged stale is what removeStale removes, or nothing.
      const read = readForTakeover(this.location);
      // Gone meanwhile (its run ended): create it again.
      if (read.missing && attempt < 3) continue;
      return this.found(read);
    }
  }

  private found(read: ReturnType<typeof readForTakeover>): CreateResult {
    if (read.missing) return { created: false, holder: undefined, raw: '' };
    if (read.notAFile !== undefined) return { created: false, holder: undefined, raw: '', notAFile: read.notAFile };
    const raw = read.text ?? '';
    return { created: false, holder: tryParseJson(raw, lockHolderSchema), raw, seen: read.identity };
  }

  async removeStale(seen: string | undefined): Promise<TakeoverOutcome> {
    return seen === undefined ? 'changed' : removeIfUnchanged(this.location, seen);
  }

  async replace(holder: LockHolder): Promise<void> {
    if (tryParseJson(this.read(), lockHolderSchema)?.runId === holder.runId) writeFileAtomic(this.location, serialize(holder));
  }

  async remove(onlyRunId?: string): Promise<void> {
    if (onlyRunId !== undefined) {
      if (tryParseJson(this.read(), lockHolderSchema)?.runId !== onlyRunId) return;
    }
    await fs.promises.rm(this.location, { force: true });
  }

  /** The marker's text; '' when it is missing or cannot be read as a record (a FIFO cannot hang the console). */
  private read(): string {
    return tryReadBoundedFile(this.location) ?? '';
  }
}

/** HDFS: the `hdfs` command when it is on PATH (it knows the cluster's config and Kerberos), else WebHDFS. */
class HdfsMarker implements WarehouseMarker {
  readonly location: string;
  private readonly filePath: string;

  constructor(
    warehouse: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.location = `${warehouse}/${MARKER_NAME}`;
    this.filePath = new URL(this.location).pathname;
  }

  async create(holder: LockHolder): Promise<CreateResult> {
    const hdfs = findOnPath('hdfs', this.env.PATH);
    if (hdfs) {
      await run(hdfs, ['dfs', '-mkdir', '-p', path.posix.dirname(this.location)], this.env);
      const put = await run(hdfs, ['dfs', '-put', '-', this.location], this.env, serialize(holder));
      if (put.code === 0) return { created: true };
      if (!/exists/i.test(put.stderr)) throw new Error(`hdfs dfs -put ${this.location} failed: ${lastLine(put.stderr)}`);
      const raw = (await run(hdfs, ['dfs', '-cat', this.location], this.env)).stdout;
      return { created: false, holder: tryParseJson(raw, lockHolderSchema), raw };
    }
    const web = webHdfs(this.location, this.env);
    // Two steps, as WebHDFS wants: the NameNode answers with a redirect to a DataNode that takes the bytes.
    const first = await fetch(web.url('CREATE', { overwrite: 'false' }), { method: 'PUT', redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    const target = first.headers.get('location');
    const answer = first;
    let text: string;
    if (first.status === 307 && target) {
      // Node's http, not fetch: a DataNode answers `100 Continue` unasked, which fetch (undici) takes for a bad response.
      const put = await putBody(target, serialize(holder), 15_000);
      if (put.status === 201) return { created: true };
      text = put.body;
    } else {
      if (answer.status === 201) return { created: true };
      text = (await boundedText(answer, ANSWER_MAX_BYTES)) ?? `(an answer of more than ${ANSWER_MAX_BYTES} bytes)`;
    }
    if (!/FileAlreadyExists|already exists/i.test(text)) throw new Error(`WebHDFS CREATE ${this.location} answered ${answer.status}: ${text.slice(0, 200)}`);
    const raw = await openMarker(web.url('OPEN'));
    return { created: false, holder: tryParseJson(raw, lockHolderSchema), raw };
  }

  async replace(holder: LockHolder): Promise<void> {
    const hdfs = findOnPath('hdfs', this.env.PATH);
    if ((await this.read(hdfs))?.runId !== holder.runId) return;
    if (hdfs) {
      const put = await run(hdfs, ['dfs', '-put', '-f', '-', this.location], this.env, serialize(holder));
      if (put.code !== 0) throw new Error(`hdfs dfs -put -f ${this.location} failed: ${lastLine(put.stderr)}`);
      return;
    }
    const first = await fetch(webHdfs(this.location, this.env).url('CREATE', { overwrite: 'true' }), { method: 'PUT', redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    const target = first.headers.get('location');
    const status = first.status === 307 && target ? (await putBody(target, serialize(holder), 15_000)).status : first.status;
    if (status !== 201 && status !== 200) throw new Error(`WebHDFS CREATE ${this.location} answered ${status}`);
  }

  private async read(hdfs: string | undefined): Promise<LockHolder | undefined> {
    const raw = hdfs
      ? (await run(hdfs, ['dfs', '-cat', this.location], this.env)).stdout
      : await openMarker(webHdfs(this.location, this.env).url('OPEN'));
    return tryParseJson(raw, lockHolderSchema);
  }

  async remove(onlyRunId?: string): Promise<void> {
    const hdfs = findOnPath('hdfs', this.env.PATH);
    if (onlyRunId !== undefined && (await this.read(hdfs))?.runId !== onlyRunId) return;
    if (hdfs) await run(hdfs, ['dfs', '-rm', '-f', this.location], this.env);
    else await fetch(webHdfs(this.location, this.env).url('DELETE'), { method: 'DELETE', signal: AbortSignal.timeout(15_000) });
  }

  /** HDFS has no rename-and-compare here: a stale marker is removed as read (two consoles taking over the same
   *  stale HDFS marker at the same moment may still both succeed; see README). */
  async removeStale(): Promise<TakeoverOutcome> {
    await this.remove();
    return 'removed';
  }
}

function webHdfs(location: string, env: NodeJS.ProcessEnv) {
  const uri = new URL(location);
  const base = webHdfsBase(env, uri.hostname);
  const user = hadoopUser(env);
  return {
    url(op: string, extra: Record<string, string> = {}) {
      const query = new URLSearchParams({ op, 'user.name': user, ...extra });
      return `${base}/webhdfs/v1${uri.pathname}?${query}`;
    },
  };
}

/** The marker's text through WebHDFS; '' when it is not there, or larger than any lock (RECORD_MAX_BYTES, as a
 *  marker on a file system is read): then it reads as a lock that cannot be read, which --force-unlock clears. */
async function openMarker(url: string): Promise<string> {
  const answer = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!answer.ok) {
    await answer.body?.cancel();
    return '';
  }
  return (await boundedText(answer, RECORD_MAX_BYTES)) ?? '';
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env, timeout: 120_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

function putBody(url: string, body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      finish();
    };
    const request = http.request(url, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': Buffer.byteLength(body) }, timeout: timeoutMs }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        // Only its start is ever shown or matched: a DataNode that answers without end is not read on.
        if (text.length > ANSWER_MAX_BYTES) response.destroy();
      });
      const done = () => settle(() => resolve({ status: response.statusCode ?? 0, body: text.slice(0, ANSWER_MAX_BYTES) }));
      response.on('end', done);
      response.on('close', done);
    });
    const fail = (error: Error) => settle(() => reject(error));
    // `timeout` is an idle timeout: a DataNode that drips a byte a second never reaches it, and the machine lock
    // is held meanwhile. The whole answer has `timeoutMs`, then the request is dropped.
    const deadline = setTimeout(() => {
      const error = new Error(`no whole answer from ${new URL(url).host} within ${timeoutMs} ms`);
      fail(error);
      request.destroy(error);
    }, timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer from ${new URL(url).host} within ${timeoutMs} ms`)));
    request.on('error', fail);
    request.end(body);
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
