import type { z } from 'zod';
import { describeIssues } from '../runner/folder/validated-json.js';
import { LineSplitter, LineTooLongError } from '../runner/process/line-splitter.js';
import type { JobProgress, RunRecord } from '../runner/run/run-types.js';
import type { RunEvent, RunnerCommand } from '../runner/run/events.js';

// The control socket speaks newline-delimited JSON. On connect the host sends `hello` (its protocol version),
// then one `snapshot`, then every run event as it happens. A client sends `hello`, then commands, and `ping`s
// that the host answers with `pong` at once: a client that hears nothing for a while knows the host is stuck
// (SIGSTOP, a swapped-out machine) rather than quiet. Every message is checked on arrival; a bad one is
// answered with `error` and changes nothing. A late subscriber sees the run as it stands from the snapshot.

/** Bumped whenever a message changes shape; both ends say theirs in `hello`. */
export const PROTOCOL_VERSION = 2;

export interface RunSnapshot {
  record: RunRecord;
  runDir: string;
  /** False when read from a run folder whose runner has ended: commands go nowhere. */
  live: boolean;
  /** The latest job progress of stages that reported any (not chunks). */
  progress: Record<string, JobProgress>;
  /** The last lines of each stage's log, as on disk. */
  logTails: Record<string, string[]>;
}

export type HostMessage =
  | { type: 'hello'; protocol: number; version: string; runId: string; pid: number }
  | { type: 'snapshot'; snapshot: RunSnapshot }
  | { type: 'event'; event: RunEvent }
  | { type: 'pong'; id: number }
  | { type: 'error'; message: string };

export type ClientMessage =
  | { type: 'hello'; protocol: number; version: string }
  | { type: 'command'; command: RunnerCommand }
  | { type: 'ping'; id: number };

/** Longest message accepted; a peer that sends a longer line is cut off. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** A snapshot's log tails are cut to fit this, so a connect never costs more than about this much. */
export const MAX_SNAPSHOT_LOG_BYTES = 1024 * 1024;
/** Longest log line a snapshot carries; the log file has it whole. */
export const MAX_SNAPSHOT_LINE_CHARS = 4096;

export function encodeMessage(message: HostMessage | ClientMessage): string {
  return `${JSON.stringify(message)}\n`;
}

export type Decoded<M> = { ok: true; message: M } | { ok: false; problem: string };

/** Splits a socket's text into lines and checks each against `schema`. `push` throws LineTooLongError on a
 *  line past MAX_MESSAGE_BYTES: the peer is then cut off. */
export class MessageDecoder<M> {
  private readonly lines: LineSplitter;

  constructor(
    private readonly schema: z.ZodType<M>,
    maxBytes = MAX_MESSAGE_BYTES,
  ) {
    this.lines = new LineSplitter(maxBytes, 'throw');
  }

  push(text: string): Decoded<M>[] {
    const decoded: Decoded<M>[] = [];
    for (const line of this.lines.push(text)) {
      if (line.trim() === '') continue;
      decoded.push(this.decode(line));
    }
    return decoded;
  }

  private decode(line: string): Decoded<M> {
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      return { ok: false, problem: 'not JSON' };
    }
    const result = this.schema.safeParse(data);
    return result.success ? { ok: true, message: result.data } : { ok: false, problem: describeIssues(result.error) };
  }
}

export { LineTooLongError };

/** Why a peer's hello does not fit ours, or undefined when it does. */
export function protocolMismatch(theirs: { protocol: number; version: string }, ours: { version: string }, peer: 'runner host' | 'console'): string | undefined {
  if (theirs.protocol === PROTOCOL_VERSION) return undefined;
  return (
    `the ${peer} speaks control protocol ${theirs.protocol} (backfill ${theirs.version}); this backfill ${ours.version} speaks ${PROTOCOL_VERSION}. ` +
    `Use the backfill that started the run to attach, or follow it with backfill logs <run-id> --follow.`
  );
}

/** The snapshot with its log tails cut to fit MAX_SNAPSHOT_LOG_BYTES: long lines shortened, then the oldest
 *  lines of the largest tails dropped. */
export function capSnapshot(snapshot: RunSnapshot, maxBytes = MAX_SNAPSHOT_LOG_BYTES): RunSnapshot {
  const tails = Object.entries(snapshot.logTails).map(([stage, lines]) => ({
    stage,
    lines: lines.map((line) => (line.length > MAX_SNAPSHOT_LINE_CHARS ? `${line.slice(0, MAX_SNAPSHOT_LINE_CHARS)}…` : line)),
  }));
  const size = () => tails.reduce((sum, tail) => sum + tail.lines.reduce((s, line) => s + line.length + 4, 0), 0);
  for (let total = size(); total > maxBytes; total = size()) {
    const largest = tails.reduce((a, b) => (a.lines.length >= b.lines.length ? a : b));
    if (largest.lines.length === 0) break;
    largest.lines = largest.lines.slice(Math.ceil(largest.lines.length / 4));
  }
  return { ...snapshot, logTails: Object.fromEntries(tails.map((tail) => [tail.stage, tail.lines])) };
}

/** Events that bring a fresh run view to the state of the snapshot: the run, its stages, progress, logs. */
export function snapshotEvents(snapshot: RunSnapshot): RunEvent[] {
  const { record } = snapshot;
  const at = new Date().toISOString();
  const events: RunEvent[] = [
    { type: 'run-started', at: record.startedAt, runId: record.id, runDir: snapshot.runDir, params: record.params, stages: structuredClone(record.stages) },
  ];
  for (const stage of record.stages) {
    const lines = snapshot.logTails[stage.name];
    if (lines && lines.length > 0) events.push({ type: 'stage-output', at, stage: stage.name, lines });
    const progress = snapshot.progress[stage.name];
    if (progress && stage.status === 'running') events.push({ type: 'stage-progress', at, stage: stage.name, progress });
  }
  if (record.status !== 'running' && record.finishedAt) {
    events.push({ type: 'run-finished', at: record.finishedAt, status: record.status, stages: structuredClone(record.stages) });
  }
  return events;
}
