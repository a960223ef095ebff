import { daysInRange } from '../runner/plan/chunks.js';
import type { RunState } from '../runner/run/run-state.js';
import type { ChunkRecord, JobProgress, StageRecord } from '../runner/run/run-types.js';
import { estimateRun, estimateStage, MIN_REMAINING_MS, type Eta, type ProcessState, type ProgressSample, type StageState } from './estimate.js';
import { EMPTY_HISTORY, type EtaHistory } from './eta-history.js';
import { remainingMs, smoothEta, type SmoothedEta, type SmoothingOptions } from './smooth.js';
import type { RunEvent } from '../runner/run/events.js';

export interface RunEtas {
  /** Per stage still to finish; absent while unknown. */
  stages: Record<string, Eta>;
  run: Eta | undefined;
}

/** A process's job progress over time, as the run's state showed it: its first and latest since it (re)started. */
export interface ProcessSamples {
  /** The start these samples belong to: another start begins afresh. */
  startedAt: string;
  /** The progress last sampled, the run fold's own object: a new object is a new report. */
  progress: JobProgress;
  first: ProgressSample;
  last: ProgressSample;
  total: number;
}

/**
 * What an ETA keeps beside the run's state, which the holder of the run folds (the screen's store, a headless
 * reporter): earlier runs' history, each running process's progress samples (taken from the folded state),
 * and the smoothed estimates, so that they move steadily. Plain data; memory: one entry per stage and chunk.
 */
export interface EtaTracker {
  readonly history: EtaHistory;
  readonly smoothing: SmoothingOptions;
  readonly samples: Readonly<Record<string, ProcessSamples>>;
  readonly smoothed: Readonly<Record<string, SmoothedEta>>;
}

const processKey = (stage: string, chunk?: string) => (chunk === undefined ? stage : `${stage}\u0000${chunk}`);

export function startEtaTracker(history: EtaHistory = EMPTY_HISTORY, smoothing: SmoothingOptions = {}): EtaTracker {
  return { history, smoothing, samples: {}, smoothed: {} };
}

/**
 * The tracker after the holder of the run has folded `events` into `run`: afresh (its history kept) when the run
 * (re)started, a retried stage's samples and smoothing forgotten, and the progress of each running process
 * sampled from `run` at `nowMs`. Reads the events only for those two resets; what the run is comes from `run`.
 */
export function trackRun(tracker: EtaTracker, run: RunState, events: readonly RunEvent[], nowMs: number): EtaTracker {
  let next = tracker;
  for (const event of events) {
    if (event.type === 'run-started') next = startEtaTracker(next.history, next.smoothing);
    else if (event.type === 'stage-retry') next = forgetStage(next, event.stage);
  }
  const samples = sampleProgress(next.samples, run, nowMs);
  return samples === next.samples ? next : { ...next, samples };
}

function forgetStage(tracker: EtaTracker, stage: string): EtaTracker {
  const samples = Object.fromEntries(Object.entries(tracker.samples).filter(([key]) => key !== stage && !key.startsWith(`${stage}\u0000`)));
  const { [stage]: _stage, '': _run, ...smoothed } = tracker.smoothed;
  return { ...tracker, samples, smoothed };
}

/** Each running process's samples: a new one (at `nowMs`) when its progress is a new report. The same object
 *  when nothing changed. */
function sampleProgress(samples: EtaTracker['samples'], run: RunState, nowMs: number): EtaTracker['samples'] {
  const next: Record<string, ProcessSamples> = {};
  let changed = false;
  const keep = (key: string, startedAt: string | null, progress: JobProgress | null | undefined) => {
    if (startedAt === null) return;
    const known = samples[key]?.startedAt === startedAt ? samples[key] : undefined;
    if (!progress || known?.progress === progress) {
      if (known) next[key] = known;
      return;
    }
    const sample = { atMs: nowMs, done: progress.done };
    next[key] = { startedAt, progress, first: known?.first ?? sample, last: sample, total: progress.total };
    changed = true;
  };
  for (const stage of run.stages) {
    if (stage.status !== 'running') continue;
    if (!stage.chunks) {
      keep(processKey(stage.name), stage.startedAt, stage.progress);
      continue;
    }
    for (const chunk of stage.chunks) if (chunk.status === 'running') keep(processKey(stage.name, chunk.id), chunk.startedAt, stage.chunkSpark?.[chunk.id]?.progress);
  }
  if (!changed && Object.keys(next).length === Object.keys(samples).length) return samples;
  return next;
}

/** ETAs of `run` as of `nowMs`; call it about once a second (each call is a smoothing step, kept in the tracker returned). */
export function estimateEtas(tracker: EtaTracker, run: RunState, nowMs: number): { tracker: EtaTracker; etas: RunEtas } {
  const smoothed = { ...tracker.smoothed };
  const step = (key: string, raw: Eta | undefined): Eta | undefined => {
    const next = smoothEta(smoothed[key], raw, nowMs, tracker.smoothing);
    if (!next) return undefined;
    smoothed[key] = next;
    // Only processes that are pending or running are stepped: past the smoothed finish (the units are done but
    // the job is still writing, with no rate and no history) what is left is not known, and it is not 0.
    return { remainingMs: Math.max(MIN_REMAINING_MS, remainingMs(next, nowMs)), source: next.source };
  };
  const stages: Record<string, Eta> = {};
  const states = stageStates(tracker, run);
  for (const stage of states) {
    if (stage.status !== 'pending' && stage.status !== 'running') continue;
    const eta = step(stage.name, estimateStage(stage, tracker.history, nowMs));
    if (eta) stages[stage.name] = eta;
  }
  const workRemains = states.some((stage) => stage.status === 'pending' || stage.status === 'running');
  const etas = { stages, run: workRemains ? step('', estimateRun(states, tracker.history, nowMs)) : undefined };
  return { tracker: { ...tracker, smoothed }, etas };
}

function stageStates(tracker: EtaTracker, run: RunState): StageState[] {
  const days = daysInRange(run.params.startDate, run.params.endDate);
  return run.stages.map((stage) => ({
    ...processState(tracker, stage, days, processKey(stage.name)),
    name: stage.name,
    ...(stage.chunks ? { chunks: stage.chunks.map((chunk) => chunkState(tracker, stage.name, chunk)), parallel: run.params.parallel ?? 1 } : {}),
  }));
}

function chunkState(tracker: EtaTracker, stage: string, chunk: ChunkRecord): ProcessState {
  return processState(tracker, chunk, daysInRange(chunk.startDate, chunk.endDate), processKey(stage, chunk.id));
}

function processState(tracker: EtaTracker, record: Pick<StageRecord, 'status' | 'startedAt' | 'durationMs'>, days: number, key: string): ProcessState {
  const known = tracker.samples[key];
  const samples = record.status === 'running' && known?.startedAt === record.startedAt ? known : undefined;
  return {
    status: record.status,
    startedAtMs: record.startedAt ? Date.parse(record.startedAt) : null,
    days,
    firstSample: samples?.first ?? null,
    lastSample: samples?.last ?? null,
    total: samples?.total ?? null,
    durationMs: record.durationMs,
  };
}
