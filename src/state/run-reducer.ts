import { chunkLinePrefix } from '../runner/plan/chunks.js';
import { applyRunEvent } from '../runner/run/run-fold.js';
import { appendChunkLines, CHUNK_LOG_CAPACITY, setChunkLogStatus } from './chunk-logs.js';
import { appendLines, EMPTY_LOG_TAIL } from './log-tail.js';
import { describeMemoryWarning } from '../text/spark-memory.js';
import type { RunView } from './app-state.js';
import type { RunEvent } from '../runner/run/events.js';

// The screen's run: the run fold (src/runner/run/run-fold.ts) for everything the run is, and here only what a
// screen adds: bounded log tails, per stage and per chunk.

function appendToLog(run: RunView, stage: string, lines: readonly string[], capacity: number, droppedBefore = 0): RunView {
  const tail = run.logs[stage] ?? EMPTY_LOG_TAIL;
  return { ...run, logs: { ...run.logs, [stage]: appendLines(tail, lines, capacity, droppedBefore) } };
}

/** A line in the stage's log (and the chunk's) for each kill of an application on the cluster: its message
 *  says how (yarn command, ResourceManager, standalone master) and what came of it. */
function appendYarnKill(run: RunView, event: Extract<RunEvent, { type: 'yarn-kill' }>, logCapacity: number): RunView {
  const line = `[backfill] ${event.ok ? '' : 'FAILED: '}${event.message}`.trim();
  if (event.chunk === undefined) return appendToLog(run, event.stage, [line], logCapacity);
  const withStageLine = appendToLog(run, event.stage, [`${chunkLinePrefix(event.chunk)}${line}`], logCapacity);
  return { ...withStageLine, chunkLogs: appendChunkLines(run.chunkLogs, event.stage, event.chunk, [line], chunkLogCapacity(logCapacity)) };
}

/** A memory warning is a line in the stage's log (and the chunk's) too, where the operator reads on. */
function appendMemoryWarning(run: RunView, event: Extract<RunEvent, { type: 'spark-memory-warning' }>, logCapacity: number): RunView {
  const line = `[backfill] WARNING: ${describeMemoryWarning(event.warning)}`;
  if (event.chunk === undefined) return appendToLog(run, event.stage, [line], logCapacity);
  const withStageLine = appendToLog(run, event.stage, [`${chunkLinePrefix(event.chunk)}${line}`], logCapacity);
  return { ...withStageLine, chunkLogs: appendChunkLines(run.chunkLogs, event.stage, event.chunk, [line], chunkLogCapacity(logCapacity)) };
}

function chunkLogCapacity(logCapacity: number): number {
  return Math.min(logCapacity, CHUNK_LOG_CAPACITY);
}

/** What the screen's logs add to an event the fold has applied. */
function withLogs(run: RunView, event: RunEvent, logCapacity: number): RunView {
  switch (event.type) {
    case 'yarn-kill':
      return appendYarnKill(run, event, logCapacity);
    case 'spark-memory-warning':
      return appendMemoryWarning(run, event, logCapacity);
    case 'stage-retry':
      return appendToLog(run, event.stage, [`──── retry requested at ${event.at} ────`], logCapacity);
    case 'chunk-started':
      return { ...run, chunkLogs: setChunkLogStatus(run.chunkLogs, event.stage, event.chunk, 'running') };
    case 'chunk-finished':
      return { ...run, chunkLogs: setChunkLogStatus(run.chunkLogs, event.stage, event.chunk, event.status) };
    case 'run-started':
    case 'run-finished': {
      const logs = { ...run.logs };
      for (const stage of run.stages) logs[stage.name] ??= EMPTY_LOG_TAIL;
      return { ...run, logs };
    }
    default:
      return run;
  }
}

/** Applies one runner event to the run view. Pure: returns a new view, or the same one when nothing changed. */
export function reduceRunEvent(run: RunView, event: RunEvent, logCapacity: number): RunView {
  if (event.type === 'stage-output') return reduceRunEvents(run, [event], logCapacity);
  return withLogs(applyRunEvent(run, event), event, logCapacity);
}

// Only the newest `capacity` lines can survive; drop the rest early so a batch stays bounded.
function trimPending(output: { lines: string[]; dropped: number }, capacity: number): void {
  if (output.lines.length <= 2 * capacity) return;
  const excess = output.lines.length - capacity;
  output.lines.splice(0, excess);
  output.dropped += excess;
}

/** Applies a batch of events; consecutive output of a stage is appended once, so a flood costs one copy of the tail per batch. */
export function reduceRunEvents(run: RunView, events: readonly RunEvent[], logCapacity: number): RunView {
  let next = run;
  let pending = new Map<string, { lines: string[]; dropped: number }>();
  let pendingChunks = new Map<string, { stage: string; chunk: string; lines: string[]; dropped: number }>();
  const chunkCapacity = chunkLogCapacity(logCapacity);
  const flushOutput = () => {
    for (const [stage, { lines, dropped }] of pending) next = appendToLog(next, stage, lines, logCapacity, dropped);
    let chunkLogs = next.chunkLogs;
    for (const { stage, chunk, lines, dropped } of pendingChunks.values()) chunkLogs = appendChunkLines(chunkLogs, stage, chunk, lines, chunkCapacity, dropped);
    if (chunkLogs !== next.chunkLogs) next = { ...next, chunkLogs };
    pending = new Map();
    pendingChunks = new Map();
  };
  for (const event of events) {
    if (event.type === 'stage-output') {
      const output = pending.get(event.stage) ?? { lines: [], dropped: 0 };
      pending.set(event.stage, output);
      const prefix = chunkLinePrefix(event.chunk);
      for (const line of event.lines) output.lines.push(prefix + line);
      trimPending(output, logCapacity);
      if (event.chunk !== undefined) {
        const key = `${event.stage}\u0000${event.chunk}`;
        const chunkOutput = pendingChunks.get(key) ?? { stage: event.stage, chunk: event.chunk, lines: [], dropped: 0 };
        pendingChunks.set(key, chunkOutput);
        for (const line of event.lines) chunkOutput.lines.push(line);
        trimPending(chunkOutput, chunkCapacity);
      }
      continue;
    }
    flushOutput();
    next = reduceRunEvent(next, event, logCapacity);
  }
  flushOutput();
  return next;
}
