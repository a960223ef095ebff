import type { JobProgress, RunEvent, RunnerCommand, RunRecord } from '../runner/types.js';

// The control socket speaks newline-delimited JSON. On connect the host sends one `snapshot`, then every
// run event as it happens; a client sends commands. A late subscriber sees the run as it stands from the
// snapshot alone: the record, each stage's latest progress and the tail of each stage's log.

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

export type HostMessage = { type: 'snapshot'; snapshot: RunSnapshot } | { type: 'event'; event: RunEvent };

export type ClientMessage = { type: 'command'; command: RunnerCommand };

/** Longest message accepted; a peer that sends a longer line is cut off. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export function encodeMessage(message: HostMessage | ClientMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a socket's text into messages; `push` returns the complete ones, or throws on an overlong line. */
export class MessageDecoder<M> {
  private partial = '';

  push(text: string): M[] {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > MAX_MESSAGE_BYTES) throw new Error('control socket message too long');
    const messages: M[] = [];
    for (const part of parts) {
      if (part.trim() === '') continue;
      try {
        messages.push(JSON.parse(part) as M);
      } catch {
        // not JSON: ignore the line, keep the connection
      }
    }
    return messages;
  }
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
