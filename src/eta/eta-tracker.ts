import { daysInRange } from '../runner/chunks.js';
import type { ChunkRecord, RunEvent, StageRecord } from '../runner/types.js';
import { estimateRun, estimateStage, type Eta, type ProcessState, type StageState } from './estimate.js';
import { EMPTY_HISTORY, type EtaHistory } from './history.js';
import { remainingMs, smoothEta, type SmoothedEta, type SmoothingOptions } from './smooth.js';

export interface RunEtas {
  /** Per stage still to finish; absent while unknown. */
  stages: Record<string, Eta>;
  run: Eta | undefined;
}

function processState(record: Pick<StageRecord, 'status' | 'startedAt' | 'durationMs'>, days: number): ProcessState {
  return {
    status: record.status,
    startedAtMs: record.startedAt ? Date.parse(record.startedAt) : null,
    days,
    firstSample: null,
    lastSample: null,
    total: null,
    durationMs: record.durationMs,
  };
}

function chunkState(chunk: ChunkRecord): ProcessState {
  return processState(chunk, daysInRange(chunk.startDate, chunk.endDate));
}

function restart(state: ProcessState, atMs: number): void {
  Object.assign(state, { status: 'running', startedAtMs: atMs, firstSample: null, lastSample: null, total: null, durationMs: null });
}

/**
 * Follows a run's events and answers its ETAs (per stage and for the run), smoothed so that they move
 * steadily. The TUI and the headless reporters feed it the same events. Memory: one entry per stage and chunk.
 */
export class EtaTracker {
  private stages: StageState[] = [];
  private readonly smoothed = new Map<string, SmoothedEta>();
  /** Chunk ids of each chunked stage, in the order of its `chunks`. */
  private chunkIds = new Map<string, string[]>();

  constructor(
    private readonly history: EtaHistory = EMPTY_HISTORY,
    private readonly smoothing: SmoothingOptions = {},
  ) {}

  observe(event: RunEvent): void {
    const atMs = Date.parse(event.at);
    switch (event.type) {
      case 'run-started': {
        const days = daysInRange(event.params.startDate, event.params.endDate);
        this.stages = event.stages.map((record) => ({
          ...processState(record, days),
          name: record.name,
          ...(record.chunks ? { chunks: record.chunks.map(chunkState), parallel: event.params.parallel ?? 1 } : {}),
        }));
        this.chunkIds = new Map(event.stages.map((record) => [record.name, (record.chunks ?? []).map((chunk) => chunk.id)]));
        this.smoothed.clear();
        return;
      }
      case 'stage-started': {
        const state = this.find(event.stage, event.chunk);
        if (state) restart(state, atMs);
        return;
      }
      case 'stage-progress': {
        const state = this.find(event.stage, event.chunk);
        if (!state) return;
        const sample = { atMs, done: event.progress.done };
        state.firstSample ??= sample;
        state.lastSample = sample;
        state.total = event.progress.total;
        return;
      }
      case 'stage-finished': {
        const state = this.find(event.stage, event.chunk);
        if (!state) return;
        state.status = event.status;
        state.durationMs = event.durationMs;
        return;
      }
      case 'stage-retry': {
        const stage = this.find(event.stage, undefined) as StageState | undefined;
        if (!stage) return;
        stage.status = 'pending';
        const ids = this.chunkIds.get(event.stage) ?? [];
        for (const id of event.chunks ?? []) {
          const chunk = stage.chunks?.[ids.indexOf(id)];
          if (chunk) Object.assign(chunk, { status: 'pending', startedAtMs: null, firstSample: null, lastSample: null, durationMs: null });
        }
        this.smoothed.delete(event.stage);
        this.smoothed.delete('');
        return;
      }
      case 'run-finished':
        for (const record of event.stages) {
          const stage = this.find(record.name, undefined);
          if (stage) stage.status = record.status;
        }
        return;
      default:
        return;
    }
  }

  /** ETAs as of `nowMs`; call it about once a second (each call is a smoothing step). */
  estimate(nowMs: number): RunEtas {
    const stages: Record<string, Eta> = {};
    for (const stage of this.stages) {
      if (stage.status !== 'pending' && stage.status !== 'running') continue;
      const eta = this.step(stage.name, estimateStage(stage, this.history, nowMs), nowMs);
      if (eta) stages[stage.name] = eta;
    }
    return { stages, run: this.step('', estimateRun(this.stages, this.history, nowMs), nowMs) };
  }

  private step(key: string, raw: Eta | undefined, nowMs: number): Eta | undefined {
    const next = smoothEta(this.smoothed.get(key), raw, nowMs, this.smoothing);
    if (!next) return undefined;
    this.smoothed.set(key, next);
    return { remainingMs: remainingMs(next, nowMs), source: next.source };
  }

  private find(stageName: string, chunk: string | undefined): ProcessState | undefined {
    const stage = this.stages.find((candidate) => candidate.name === stageName);
    if (!stage || chunk === undefined) return stage;
    return stage.chunks?.[this.chunkIds.get(stageName)?.indexOf(chunk) ?? -1];
  }
}
