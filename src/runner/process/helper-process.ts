import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { signalGroup } from './process-group.js';

// A helper is a short command backfill runs for itself (`--notify-cmd`), not a stage. It runs in a process
// group of its own with a hard deadline that ends the whole group, its output is kept to the last few KB
// while it is read, and nothing it leaves holding a pipe can keep backfill waiting. It carries a marker in
// its environment that the end-of-run sweep (src/lifecycle/process-sweep.ts) respects: the helper's own deadline
// ends it, not the sweep meant for a stage's leftovers.

/** Environment variable naming a helper process; a process that carries it is not swept as a run's leftover. */
export const HELPER_MARKER = 'BACKFILL_HELPER';
/** How much of each of stdout and stderr is kept: the end, where the reason for a failure usually is. */
export const HELPER_OUTPUT_BYTES = 4096;
/** After the helper has exited, how long a process it left behind may keep its pipes open before the group is ended. */
const DRAIN_MS = 500;

export interface HelperOptions {
  /** What the helper is, as its marker's value (e.g. `notify-cmd`). */
  kind: string;
  /** Its whole environment (nothing else is inherited). */
  env: NodeJS.ProcessEnv;
  /** Written to its stdin, which is then closed; without it stdin is empty. */
  input?: string;
  timeoutMs: number;
  cwd?: string;
  /** Bytes kept of each of stdout and stderr (default 4 KB). */
  maxOutputBytes?: number;
}

export interface HelperResult {
  /** Undefined when it did not start, or was ended by a signal. */
  exitCode?: number;
  signal?: NodeJS.Signals;
  /** It outlived its deadline and its group was killed. */
  timedOut: boolean;
  /** Why it could not start (no such file, not executable). */
  startError?: string;
  /** The last `maxOutputBytes` of each stream (decoded as UTF-8). */
  stdout: string;
  stderr: string;
  /** True when more was written than kept. */
  truncated: boolean;
}

/** Keeps the last `limit` bytes written to it. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const excess = this.size - this.limit;
      const first = this.chunks[0]!;
      this.truncated = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8').replace(/^\uFFFD+/, ''); // a character cut at the start
  }
}

/** Runs `file args` as a helper (see above); never throws, never outlives its deadline. */
export function runHelper(file: string, args: readonly string[], options: HelperOptions): Promise<HelperResult> {
  const limit = options.maxOutputBytes ?? HELPER_OUTPUT_BYTES;
  const out = new Tail(limit);
  const err = new Tail(limit);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(file, [...args], {
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...options.env, [HELPER_MARKER]: options.kind },
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      });
    } catch (error) {
      resolve({ timedOut: false, startError: (error as Error).message, stdout: '', stderr: '', truncated: false });
      return;
    }
    const pgid = child.pid;
    const streams: Readable[] = [child.stdout, child.stderr];
    let open = streams.length;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let startError: string | undefined;
    let timedOut = false;
    let drain: NodeJS.Timeout | undefined;
    let settled = false;

    const endGroup = () => {
      if (pgid === undefined) return;
      try {
        signalGroup(pgid, 'SIGKILL');
      } catch {
        // not ours to signal any more
      }
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(drain);
      for (const stream of streams) stream.destroy();
      resolve({
        ...(exit?.code !== null && exit?.code !== undefined ? { exitCode: exit.code } : {}),
        ...(exit?.signal ? { signal: exit.signal } : {}),
        timedOut,
        ...(startError !== undefined ? { startError } : {}),
        stdout: out.text(),
        stderr: err.text(),
        truncated: out.truncated || err.truncated,
      });
    };
    const maybeFinish = () => {
      if (exit === undefined && startError === undefined) return;
      if (open === 0) return finish();
      // It has exited, but something it started still holds its output: give that a moment, then end the group.
      drain ??= setTimeout(() => {
        endGroup();
        finish();
      }, DRAIN_MS);
    };
    const deadline = setTimeout(() => {
      timedOut = true;
      endGroup();
      // SIGKILL cannot be refused; the exit follows at once, unless the kernel is stuck (then do not wait for it).
      setTimeout(finish, 1000).unref();
      exit ??= { code: null, signal: 'SIGKILL' };
      if (open === 0) finish();
      else for (const stream of streams) stream.destroy();
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    for (const stream of streams) {
      stream.once('close', () => {
        open--;
        maybeFinish();
      });
    }
    child.on('error', (error) => {
      startError ??= error.message;
      maybeFinish();
    });
    child.on('exit', (code, signal) => {
      if (!timedOut) exit = { code, signal };
      maybeFinish();
    });
    child.stdin.on('error', () => {}); // it need not read its input
    child.stdin.end(options.input ?? '');
  });
}
