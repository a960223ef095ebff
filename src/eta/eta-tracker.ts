import { daysInRange } from '../runner/plan/chunks.js';
import { applyRunEvent } from '../runner/run/run-fold.js';
import { runStateAtStart, type RunState } from '../runner/run/run-state.js';
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

/** A process's job progress over time: its first and latest report since it (re)started. */
interface Samples {
  first: ProgressSample;
  last: ProgressSample;
  total: number;
}

const processKey = (stage: string, chunk?: string) => (chunk === undefined ? stage : `${stage}\u0000${chunk}`);

/**
 * Follows a run's events and answers its ETAs (per stage and for the run), smoothed so that they move
 * steadily. What the run is (statuses, starts, durations) is the run fold's; this keeps only what an ETA
 * adds: each process's progress samples. Memory: one entry per stage and chunk.
 */
export class EtaTracker {
  private run: RunState | undefined;
  private readonly samples = new Map<string, Samples>();
  private readonly smoothed = new Map<string, SmoothedEta>();

  constructor(
    private readonly history: EtaHistory = EMPTY_HISTORY,
    private readonly smoothing: SmoothingOptions = {},
  ) {}

  observe(event: RunEvent): void {
    if (event.type === 'run-started') {
      this.run = runStateAtStart(event);
      this.samples.clear();
      this.smoothed.clear();
      return;
    }
    if (!this.run) return;
    this.run = applyRunEvent(this.run, event);
    switch (event.type) {
      case 'stage-started':
        return void this.samples.delete(processKey(event.stage));
      case 'chunk-started':
        return void this.samples.delete(processKey(event.stage, event.chunk));
      case 'stage-progress':
        return this.sample(processKey(event.stage), event.at, event.progress);
      case 'chunk-progress':
        return this.sample(processKey(event.stage, event.chunk), event.at, event.progress);
      case 'stage-retry':
        for (const key of [...this.samples.keys()]) if (key === event.stage || key.startsWith(`${event.stage}\u0000`)) this.samples.delete(key);
        this.smoothed.delete(event.stage);
        this.smoothed.delete('');
        return;
      default:
        return;
    }
  }

  /** ETAs as of `nowMs`; call it about once a second (each call is a smoothing step). */
  estimate(nowMs: number): RunEtas {
    const stages: Record<string, Eta> = {};
    const states = this.stageStates();
    for (const stage of states) {
      if (stage.status !== 'pending' && stage.status !== 'running') continue;
      const eta = this.step(stage.name, estimateStage(stage, this.history, nowMs), nowMs);
      if (eta) stages[stage.name] = eta;
    }
    const workRemains = states.some((stage) => stage.status === 'pending' || stage.status === 'running');
    return { stages, run: workRemains ? this.step('', estimateRun(states, this.history, nowMs), nowMs) : undefined };
  }

  private sample(key: string, at: string, progress: JobProgress): void {
    const sample = { atMs: Date.parse(at), done: progress.done };
    const known = this.samples.get(key);
    this.samples.set(key, { first: known?.first ?? sample, last: sample, total: progress.total });
  }

  private stageStates(): StageState[] {
    const run = this.run;
    if (!run) return [];
    const days = daysInRange(run.params.startDate, run.params.endDate);
    return run.stages.map((stage) => ({
      ...this.processState(stage, days, processKey(stage.name)),
      name: stage.name,
      ...(stage.chunks ? { chunks: stage.chunks.map((chunk) => this.chunkState(stage.name, chunk)), parallel: run.params.parallel ?? 1 } : {}),
    }));
  }

  private chunkState(stage: string, chunk: ChunkRecord): ProcessState {
    return this.processState(chunk, daysInRange(chunk.startDate, chunk.endDate), processKey(stage, chunk.id));
  }

  private processState(record: Pick<StageRecord, 'status' | 'startedAt' | 'durationMs'>, days: number, key: string): ProcessState {
    const samples = record.status === 'running' ? this.samples.get(key) : undefined;
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

  private step(key: string, raw: Eta | undefined, nowMs: number): Eta | undefined {
    const next = smoothEta(this.smoothed.get(key), raw, nowMs, this.smoothing);
    if (!next) return undefined;
    this.smoothed.set(key, next);
    // Only processes that are pending or running are stepped: past the smoothed finish (the units are done but
    // the job is still writing, with no rate and no history) what is left is not known, and it is not 0.
    return { remainingMs: Math.max(MIN_REMAINING_MS, remainingMs(next, nowMs)), source: next.source };
  }
}
