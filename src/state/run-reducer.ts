import { rowsPerTable } from '../runner/run-changes.js';
import type { RunEvent, StageRecord } from '../runner/types.js';
import { reduceChunkEvent, resetChunksForRetry } from './chunk-reducer.js';
import { appendChunkLines, CHUNK_LOG_CAPACITY, setChunkLogStatus } from './chunk-logs.js';
import { appendLines, EMPTY_LOG_TAIL } from './log-tail.js';
import { emptyStageView, type RunView, type StageView } from './run-state.js';

function updateStage(run: RunView, name: string, update: (stage: StageView) => StageView): RunView {
  const index = run.stages.findIndex((stage) => stage.name === name);
  if (index < 0) return run;
  const stages = run.stages.slice();
  stages[index] = update(run.stages[index]!);
  return { ...run, stages };
}

function mergeRecords(run: RunView, records: StageRecord[]): RunView {
  // An event without records says nothing about the stages; keep what the plan and earlier events said.
  if (records.length === 0) return run;
  const known = new Map(run.stages.map((stage) => [stage.name, stage]));
  const stages = records.map((record) => {
    const previous = known.get(record.name) ?? emptyStageView(record.name, record.command, record.status !== 'skipped');
    return { ...previous, ...record, command: record.command.length > 0 ? record.command : previous.command };
  });
  const logs = { ...run.logs };
  for (const stage of stages) logs[stage.name] ??= EMPTY_LOG_TAIL;
  return { ...run, stages, logs };
}

function appendToLog(run: RunView, stage: string, lines: readonly string[], capacity: number, droppedBefore = 0): RunView {
  const tail = run.logs[stage] ?? EMPTY_LOG_TAIL;
  return { ...run, logs: { ...run.logs, [stage]: appendLines(tail, lines, capacity, droppedBefore) } };
}

/** A line in the stage's log (and the chunk's) for each `yarn application -kill`. */
function appendYarnKill(run: RunView, event: Extract<RunEvent, { type: 'yarn-kill' }>, logCapacity: number): RunView {
  const outcome = event.ok ? 'done' : 'FAILED';
  const line = `[backfill] yarn application -kill ${event.appId}: ${outcome} ${event.message}`.trim();
  if (event.chunk === undefined) return appendToLog(run, event.stage, [line], logCapacity);
  const withStageLine = appendToLog(run, event.stage, [`[${event.chunk}] ${line}`], logCapacity);
  return { ...withStageLine, chunkLogs: appendChunkLines(run.chunkLogs, event.stage, event.chunk, [line], chunkLogCapacity(logCapacity)) };
}

function chunkLogCapacity(logCapacity: number): number {
  return Math.min(logCapacity, CHUNK_LOG_CAPACITY);
}

/** Applies one runner event to the run view. Pure: returns a new view, or the same one when nothing changed. */
export function reduceRunEvent(run: RunView, event: RunEvent, logCapacity: number): RunView {
  if (event.type === 'stage-output') return reduceRunEvents(run, [event], logCapacity);
  if (event.type === 'yarn-kill') return appendYarnKill(run, event, logCapacity);
  if (event.type === 'storage-error') return { ...run, storageError: event.message };
  if (event.type === 'job-result') return event.coverage ? { ...run, coverage: event.coverage } : run;
  if (event.type === 'quality-gate') return { ...run, qualityGate: event.gate };
  if (event.type !== 'run-started' && event.type !== 'run-finished' && event.type !== 'stage-retry' && event.chunk !== undefined) {
    const chunk = event.chunk;
    const next = updateStage(run, event.stage, (stage) => reduceChunkEvent(stage, { ...event, chunk }));
    if (event.type === 'stage-started') return { ...next, chunkLogs: setChunkLogStatus(next.chunkLogs, event.stage, chunk, 'running') };
    if (event.type === 'stage-finished') return { ...next, chunkLogs: setChunkLogStatus(next.chunkLogs, event.stage, chunk, event.status) };
    return next;
  }
  switch (event.type) {
    case 'run-started':
      return mergeRecords(
        { ...run, runId: event.runId, runDir: event.runDir, status: 'running', startedAt: event.at, finishedAt: null,
          startDate: event.params.startDate, endDate: event.params.endDate, graceSeconds: event.params.graceSeconds },
        event.stages,
      );
    case 'stage-started':
      return updateStage(run, event.stage, (stage) => ({
        ...stage,
        status: 'running',
        // A chunked stage starts with an empty command: its chunks have the commands.
        command: event.command.length > 0 ? event.command : stage.command,
        pid: event.pid ?? null,
        startedAt: event.at,
        finishedAt: null,
        durationMs: null,
        exitCode: null,
        signal: null,
        progress: stage.chunks ? stage.progress : null,
        sparkStages: [],
        sparkUi: null,
        stopping: null,
      }));
    case 'stage-progress':
      return updateStage(run, event.stage, (stage) => ({ ...stage, progress: event.progress }));
    case 'spark-progress':
      return updateStage(run, event.stage, (stage) => ({ ...stage, sparkStages: event.sparkStages, sparkStagesAtMs: Date.parse(event.at) }));
    case 'spark-ui': {
      const { type: _type, at: _at, stage: _stage, chunk: _chunk, ...snapshot } = event;
      return updateStage(run, event.stage, (stage) => ({ ...stage, sparkUi: snapshot, sparkUiAtMs: Date.parse(event.at) }));
    }
    case 'spark-app':
      return updateStage(run, event.stage, (stage) => ({ ...stage, spark: { ...stage.spark, ...event.app } }));
    case 'stage-stopping':
      return updateStage(run, event.stage, (stage) => ({ ...stage, stopping: { reason: event.reason, signal: event.signal } }));
    case 'stage-finished':
      return updateStage(run, event.stage, (stage) => ({
        ...stage,
        status: event.status,
        exitCode: event.exitCode,
        signal: event.signal,
        durationMs: event.durationMs,
        finishedAt: event.at,
        sparkStages: [],
        sparkUi: null,
        stopping: null,
        pid: null,
      }));
    case 'stage-retry': {
      const marked = appendToLog(run, event.stage, [`──── retry requested at ${event.at} ────`], logCapacity);
      const reset = updateStage(marked, event.stage, (stage) => {
        const chunks = resetChunksForRetry(stage.chunks, event.chunks);
        const view = emptyStageView(stage.name, stage.command, true);
        return chunks ? { ...view, chunks, spark: stage.spark } : view;
      });
      return { ...reset, status: 'running', finishedAt: null };
    }
    case 'run-finished':
      return mergeRecords(
        {
          ...run,
          status: event.status,
          finishedAt: event.at,
          tableRows: rowsPerTable(event.stages),
          ...(event.coverage ? { coverage: event.coverage } : {}),
          ...(event.qualityGate ? { qualityGate: event.qualityGate } : {}),
        },
        event.stages,
      );
  }
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
      const prefix = event.chunk === undefined ? '' : `[${event.chunk}] `;
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
