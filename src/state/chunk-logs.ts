// One bounded log tail per chunk, so the log pane can show a single chunk's output. Bounded twice: each tail
// keeps at most `capacity` lines, and at most MAX_CHUNK_LOGS tails are kept; past that the oldest finished
// chunk's tail goes first (succeeded or stopped before failed, since a failed chunk's log is the one wanted).
import type { StageStatus } from '../runner/run/run-types.js';
import { appendLines, EMPTY_LOG_TAIL, type LogTail } from './log-tail.js';

export interface ChunkLog {
  stage: string;
  chunk: string;
  status: StageStatus;
  tail: LogTail;
}

/** More running chunks than this at once would be unusual (each is a driver JVM); past it the oldest goes anyway. */
export const MAX_CHUNK_LOGS = 32;
/** Lines kept per chunk; the stage's own log keeps every chunk's lines too, prefixed with the chunk. */
export const CHUNK_LOG_CAPACITY = 500;

export function findChunkLog(logs: readonly ChunkLog[] | undefined, stage: string, chunk: string): ChunkLog | undefined {
  return logs?.find((log) => log.stage === stage && log.chunk === chunk);
}

function evictionRank(status: StageStatus): number {
  if (status === 'running' || status === 'pending') return 2;
  return status === 'failed' ? 1 : 0;
}

/** Drops tails until at most `max` remain: the oldest of the lowest rank first. */
export function evictChunkLogs(logs: readonly ChunkLog[], max: number = MAX_CHUNK_LOGS): readonly ChunkLog[] {
  if (logs.length <= max) return logs;
  const kept = logs.slice();
  while (kept.length > max) {
    let victim = 0;
    for (let index = 1; index < kept.length; index++) {
      if (evictionRank(kept[index]!.status) < evictionRank(kept[victim]!.status)) victim = index;
    }
    kept.splice(victim, 1);
  }
  return kept;
}

/** Appends a chunk's lines to its tail, creating the tail (as a running chunk's) when it has none. */
export function appendChunkLines(
  logs: readonly ChunkLog[] | undefined,
  stage: string,
  chunk: string,
  lines: readonly string[],
  capacity: number,
  droppedBefore = 0,
): readonly ChunkLog[] {
  const current = logs ?? [];
  const index = current.findIndex((log) => log.stage === stage && log.chunk === chunk);
  if (index < 0) {
    const created: ChunkLog = { stage, chunk, status: 'running', tail: appendLines(EMPTY_LOG_TAIL, lines, capacity, droppedBefore) };
    return evictChunkLogs([...current, created]);
  }
  const next = current.slice();
  const log = current[index]!;
  next[index] = { ...log, tail: appendLines(log.tail, lines, capacity, droppedBefore) };
  return next;
}

/** Records a chunk's new status on its tail (which decides what is dropped first); no tail, no change. */
export function setChunkLogStatus(logs: readonly ChunkLog[] | undefined, stage: string, chunk: string, status: StageStatus): readonly ChunkLog[] | undefined {
  if (!logs) return logs;
  const index = logs.findIndex((log) => log.stage === stage && log.chunk === chunk);
  if (index < 0 || logs[index]!.status === status) return logs;
  const next = logs.slice();
  next[index] = { ...logs[index]!, status };
  return next;
}
