import type { FinishedStatus, RunEvent } from '../run/events.js';
import { runChunkPool } from './chunk-pool.js';
import { gateAfter } from '../run/quality-gate.js';
import { toRunRecord, type LiveStage, type RunState } from '../run/run-state.js';
import type { ProcessOutcome, StopCause, SupervisedProcess } from '../process/supervised-process.js';
import type { RunStatus } from '../run/run-types.js';
import type { RunParams } from '../plan/plan-types.js';

/** What the scheduler needs of its runner: the run as it stands, a way to say what happens, processes. */
export interface SchedulerHost {
  readonly params: RunParams;
  state(): RunState;
  emit(event: RunEvent): void;
  now(): Date;
  /** Starts the process of stage `index`, or of one of its chunks. */
  launch(index: number, chunk: string | undefined): SupervisedProcess;
}

/** The stage being run: its processes (one, or its running chunks) and what it was asked to stop for. */
interface CurrentStage {
  index: number;
  cause?: StopCause;
  processes: Set<SupervisedProcess>;
}

/**
 * Decides what runs next: the stages in order, a chunked stage's chunks up to `parallel` at once, and what
 * the operator's abort, skip and retry change. Every decision is an event; the run's state is only read.
 */
export class StageScheduler {
  private current: CurrentStage | undefined;
  private abortRequested = false;
  private haltedByFailure = false;
  private gateFailed = false;
  private storageFailed = false;
  private looping = false;
  private driving: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: SchedulerHost,
    private readonly onRunFinished: () => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs the pending stages unless already doing so; the run finishes when none is left to run. */
  drive(): void {
    if (this.looping) return;
    this.looping = true;
    this.driving = this.runPendingStages().catch((error: unknown) => {
      this.looping = false;
      this.onError(error);
    });
  }

  async whenIdle(): Promise<void> {
    while (this.looping) await this.driving;
  }

  abort(): void {
    if (!this.looping) return;
    this.abortRequested = true;
    this.halt('abort');
  }

  skip(name: string): void {
    const index = this.stages().findIndex((stage) => stage.name === name);
    const stage = this.stages()[index];
    if (!stage) return;
    if (this.current?.index === index) return this.halt('skip');
    if (stage.status !== 'pending') return;
    this.host.emit({ type: 'stage-finished', at: this.nowIso(), stage: name, status: 'skipped', exitCode: null, signal: null, durationMs: null });
  }

  /** Runs a failed or aborted stage again: a chunked one only its chunks that did not succeed. */
  retry(name: string): void {
    const stage = this.stages().find((candidate) => candidate.name === name);
    if (!stage || (stage.status !== 'failed' && stage.status !== 'aborted')) return;
    if (this.current?.cause === 'abort') return; // the operator is ending the run
    this.abortRequested = false;
    this.haltedByFailure = false;
    this.gateFailed = false;
    const rerun = stage.chunks?.filter((chunk) => chunk.status !== 'succeeded').map((chunk) => chunk.id);
    this.host.emit({ type: 'stage-retry', at: this.nowIso(), stage: name, ...(rerun ? { chunks: rerun } : {}) });
    this.drive();
  }

  /** The run folder cannot be written: stop what runs, start nothing more, and fail the run. */
  storageFailure(): void {
    this.storageFailed = true;
    this.haltedByFailure = true;
    this.halt('abort');
  }

  private halt(cause: StopCause): void {
    const current = this.current;
    if (!current) return;
    if (current.cause !== 'abort') current.cause = cause;
    for (const process of current.processes) process.stop(cause);
  }

  private stages(): readonly LiveStage[] {
    return this.host.state().stages;
  }

  private nextStageIndex(): number | undefined {
    if (this.abortRequested || this.haltedByFailure) return undefined;
    const index = this.stages().findIndex((stage) => stage.status === 'pending');
    return index < 0 ? undefined : index;
  }

  private async runPendingStages(): Promise<void> {
    for (;;) {
      const index = this.nextStageIndex();
      if (index !== undefined) {
        this.current = { index, processes: new Set() };
        try {
          await (this.stages()[index]!.chunks ? this.runChunkedStage(index) : this.runStage(index));
        } finally {
          this.current = undefined;
        }
        continue;
      }
      this.finishRun();
      // A listener may have asked for a retry while hearing that the run finished.
      if (this.nextStageIndex() === undefined) {
        this.looping = false;
        return;
      }
    }
  }

  private async runStage(index: number): Promise<void> {
    const outcome = await this.runProcess(index, undefined);
    this.completeStage(index, outcome.status, outcome.startedAtMs, outcome.exitCode, outcome.signal);
  }

  private async runChunkedStage(index: number): Promise<void> {
    const name = this.stages()[index]!.name;
    const startedAtMs = this.host.now().getTime();
    await runChunkPool({
      parallel: this.host.params.parallel ?? 1,
      pending: () => this.stages()[index]!.chunks!.filter((chunk) => chunk.status === 'pending').map((chunk) => chunk.id),
      run: (chunk) => this.runProcess(index, chunk).then((outcome) => this.finishChunk(name, chunk, outcome)),
      stopped: () => this.current?.cause !== undefined,
    });
    const cause = this.current?.cause;
    const failed = this.stages()[index]!.chunks!.find((chunk) => chunk.status === 'failed');
    const status: FinishedStatus = cause === 'skip' ? 'skipped' : cause === 'abort' ? 'aborted' : failed ? 'failed' : 'succeeded';
    this.completeStage(index, status, startedAtMs, status === 'succeeded' ? 0 : (failed?.exitCode ?? null), failed?.signal ?? null);
  }

  private runProcess(index: number, chunk: string | undefined): Promise<ProcessOutcome> {
    const process = this.host.launch(index, chunk);
    const current = this.current!;
    current.processes.add(process);
    // Asked to stop while it was being started (a full disk told while it said it started).
    if (current.cause) process.stop(current.cause);
    return process.outcome.finally(() => current.processes.delete(process));
  }

  private finishChunk(stage: string, chunk: string, outcome: ProcessOutcome): void {
    const { status, exitCode, signal } = outcome;
    const durationMs = outcome.finishedAtMs - outcome.startedAtMs;
    this.host.emit({ type: 'chunk-finished', at: this.nowIso(), stage, chunk, status, exitCode, signal, durationMs });
    if (status === 'failed' && this.host.params.failFast) this.halt('fail-fast');
  }

  private completeStage(index: number, status: FinishedStatus, startedAtMs: number, exitCode: number | null, signal: string | null): void {
    const stage = this.stages()[index]!.name;
    const at = this.host.now();
    if (status === 'failed' && !this.host.params.continueOnFailure) this.haltedByFailure = true;
    this.host.emit({ type: 'stage-finished', at: at.toISOString(), stage, status, exitCode, signal, durationMs: at.getTime() - startedAtMs });
    if (status === 'succeeded') this.checkQualityGate(index);
  }

  /** `--min-completeness`, once the stage that reported the coverage has succeeded: holes stop the run here. */
  private checkQualityGate(index: number): void {
    const stage = this.stages()[index]!;
    const gate = gateAfter(stage, this.host.state().coverage, this.host.params.minCompleteness);
    if (!gate) return;
    if (!gate.passed) {
      this.gateFailed = true;
      this.haltedByFailure = true;
    }
    this.host.emit({ type: 'quality-gate', at: this.nowIso(), stage: stage.name, gate });
  }

  private finishRun(): void {
    const status = this.runStatus();
    const { stages, coverage, qualityGate } = toRunRecord(this.host.state());
    this.host.emit({ type: 'run-finished', at: this.nowIso(), status, stages, ...(coverage ? { coverage } : {}), ...(qualityGate ? { qualityGate } : {}) });
    this.onRunFinished();
  }

  private runStatus(): Exclude<RunStatus, 'running'> {
    const statuses = this.stages().map((stage) => stage.status);
    if (this.storageFailed || this.gateFailed) return 'failed';
    if (this.abortRequested || statuses.includes('aborted')) return 'aborted';
    if (statuses.includes('failed')) return 'failed';
    return 'succeeded';
  }

  private nowIso(): string {
    return this.host.now().toISOString();
  }
}
