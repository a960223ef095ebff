import type { StageStatus } from '../runner/run/run-types.js';
import type { EtaHistory } from './eta-history.js';

export type EtaSource = 'rate' | 'history';

export interface Eta {
  remainingMs: number;
  /** `rate`: from the progress of this run; `history`: from earlier runs' time per day of data. */
  source: EtaSource;
}

export interface ProgressSample {
  atMs: number;
  done: number;
}

/** One process's state as the estimator needs it: a whole stage, or a chunk. */
export interface ProcessState {
  status: StageStatus;
  startedAtMs: number | null;
  /** Days of data it covers. */
  days: number;
  /** Job progress: the first and the latest BACKFILL_PROGRESS, and its total. */
  firstSample: ProgressSample | null;
  lastSample: ProgressSample | null;
  total: number | null;
  /** Set once finished. */
  durationMs: number | null;
}

export interface StageState extends ProcessState {
  name: string;
  chunks?: ProcessState[];
  /** Chunks at once. */
  parallel?: number;
}

/** Progress must span this long, and have moved, before its rate is trusted over history. */
export const MIN_RATE_WINDOW_MS = 10_000;

/** What is left of a process that has run past its estimate is not known, and it is not 0: a tenth of what
 *  was expected of it (a unit, or the whole process), and at least a second. */
export const OVERDUE_SHARE = 0.1;
export const MIN_REMAINING_MS = 1000;

function overdue(expectedMs: number): number {
  return Math.max(OVERDUE_SHARE * expectedMs, MIN_REMAINING_MS);
}

/** Remaining time from the process's own progress rate, when there is enough of it. When the unit under way
 *  takes longer than the average, it is counted as nearly done, not the whole estimate as spent: units left
 *  never give 0. */
export function rateEstimate(state: ProcessState, nowMs: number, minWindowMs = MIN_RATE_WINDOW_MS): number | undefined {
  const { firstSample: first, lastSample: last, total } = state;
  if (!first || !last || !total || last.done <= first.done) return undefined;
  const window = last.atMs - first.atMs;
  if (window < minWindowMs) return undefined;
  const msPerUnit = window / (last.done - first.done);
  const unitsLeft = total - last.done;
  if (unitsLeft <= 0) return undefined;
  const remaining = Math.max(unitsLeft * msPerUnit - (nowMs - last.atMs), (unitsLeft - 1) * msPerUnit);
  return remaining > 0 ? remaining : overdue(msPerUnit);
}

/** Remaining time from a known time per day of data, less what has already run. */
export function historyEstimate(state: ProcessState, msPerDay: number | undefined, nowMs: number): number | undefined {
  if (msPerDay === undefined) return undefined;
  const elapsed = state.startedAtMs === null ? 0 : nowMs - state.startedAtMs;
  const expected = state.days * msPerDay;
  // Running past what earlier runs took: how much longer is not known, and it is not 0.
  return expected - elapsed > 0 ? expected - elapsed : overdue(expected);
}

function estimateProcess(state: ProcessState, msPerDay: number | undefined, msPerDaySource: EtaSource, nowMs: number): Eta | undefined {
  if (state.status !== 'pending' && state.status !== 'running') return { remainingMs: 0, source: 'rate' };
  const rate = state.status === 'running' ? rateEstimate(state, nowMs) : undefined;
  if (rate !== undefined) return { remainingMs: rate, source: 'rate' };
  const fromHistory = historyEstimate(state.status === 'running' ? state : { ...state, startedAtMs: null }, msPerDay, nowMs);
  return fromHistory === undefined ? undefined : { remainingMs: fromHistory, source: msPerDaySource };
}

/** Finish time of jobs run greedily, in order, on `slots` workers already busy for `busyMs`. */
function scheduleMs(busyMs: number[], jobsMs: number[], slots: number): number {
  const free = [...busyMs];
  while (free.length < slots) free.push(0);
  for (const job of jobsMs) {
    free.sort((a, b) => a - b);
    free[0]! += job;
  }
  return Math.max(0, ...free);
}

function mergeSources(etas: Eta[]): EtaSource {
  return etas.some((eta) => eta.source === 'history') ? 'history' : 'rate';
}

/**
 * The stage's remaining time: from its progress rate once there is enough of it, before that from history.
 * A chunked stage schedules its unfinished chunks over its parallel slots; chunks already done in this run
 * give a time per day that counts as `rate`.
 */
export function estimateStage(stage: StageState, history: EtaHistory, nowMs: number): Eta | undefined {
  if (!stage.chunks) return estimateProcess(stage, history.stageMsPerDay[stage.name] ?? history.chunkMsPerDay[stage.name], 'history', nowMs);
  if (stage.status !== 'pending' && stage.status !== 'running') return { remainingMs: 0, source: 'rate' };

  const doneHere = stage.chunks.filter((chunk) => chunk.status === 'succeeded' && chunk.durationMs !== null && chunk.days > 0);
  const fromThisRun = doneHere.length > 0 ? doneHere.reduce((sum, c) => sum + c.durationMs!, 0) / doneHere.reduce((sum, c) => sum + c.days, 0) : undefined;
  const msPerDay = fromThisRun ?? history.chunkMsPerDay[stage.name] ?? history.stageMsPerDay[stage.name];
  const source: EtaSource = fromThisRun !== undefined ? 'rate' : 'history';

  const running: Eta[] = [];
  const pending: Eta[] = [];
  for (const chunk of stage.chunks) {
    if (chunk.status !== 'running' && chunk.status !== 'pending') continue;
    const eta = estimateProcess(chunk, msPerDay, source, nowMs);
    if (!eta) return undefined;
    (chunk.status === 'running' ? running : pending).push(eta);
  }
  const all = [...running, ...pending];
  if (all.length === 0) return { remainingMs: 0, source: 'rate' };
  const remainingMs = scheduleMs(
    running.map((eta) => eta.remainingMs),
    pending.map((eta) => eta.remainingMs),
    Math.max(1, stage.parallel ?? 1),
  );
  return { remainingMs, source: mergeSources(all) };
}

/** The run's remaining time: the stages still to finish, one after another; undefined while one is unknown. */
export function estimateRun(stages: readonly StageState[], history: EtaHistory, nowMs: number): Eta | undefined {
  const etas: Eta[] = [];
  for (const stage of stages) {
    if (stage.status !== 'pending' && stage.status !== 'running') continue;
    const eta = estimateStage(stage, history, nowMs);
    if (!eta) return undefined;
    etas.push(eta);
  }
  return { remainingMs: etas.reduce((sum, eta) => sum + eta.remainingMs, 0), source: mergeSources(etas) };
}
