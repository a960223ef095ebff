import fs from 'node:fs';
import { EventJournal } from './event-journal.js';
import { createRunFolder, writeRunRecord, type RunFolder } from './run-folder.js';
import { stageEnv, startStageProcess, type StageProcess, type StartStageOptions } from './stage-process.js';
import type {
  Plan,
  RunController,
  RunEvent,
  RunEventListener,
  RunnerCommand,
  RunRecord,
  RunStatus,
  StageRecord,
  StageStatus,
} from './types.js';

type FinishedStageStatus = Exclude<StageStatus, 'pending' | 'running'>;
type StopReason = 'abort' | 'skip';

export interface RunnerOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** Starts a stage's process; replaceable for tests. */
  startStage?: (options: StartStageOptions) => StageProcess;
  /** Minimum gap between two spark-progress lines of one stage in events.ndjson. */
  sparkJournalIntervalMs?: number;
  /** Extra environment for every stage, on top of process.env and the BACKFILL_* variables. */
  env?: Record<string, string>;
}

interface RunningStage {
  index: number;
  process: StageProcess;
  stopReason?: StopReason;
}

function emptyStageRecord(name: string, command: string[], status: StageStatus): StageRecord {
  return { name, status, command, startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

/**
 * Runs a plan's stages one at a time, each as its own process group, and keeps the run folder up to date.
 * UI-free: everything it does is visible as RunEvents, everything it accepts is a RunnerCommand.
 */
export class Runner implements RunController {
  private readonly listeners = new Set<RunEventListener>();
  private readonly state: RunRecord;
  private readonly now: () => Date;
  private readonly startStage: (options: StartStageOptions) => StageProcess;
  private folder: RunFolder | undefined;
  private journal: EventJournal | undefined;
  private current: RunningStage | undefined;
  private abortRequested = false;
  private haltedByFailure = false;
  /** True from the moment stages are being run until the loop has decided to stop; set synchronously. */
  private looping = false;
  private driving: Promise<void> = Promise.resolve();
  private started: Promise<RunRecord> | undefined;
  private settleFirstRun: { resolve(record: RunRecord): void; reject(error: unknown): void } | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly options: RunnerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.startStage = options.startStage ?? startStageProcess;
    this.state = {
      id: plan.runId,
      params: plan.params,
      status: 'running',
      startedAt: this.now().toISOString(),
      finishedAt: null,
      stages: plan.stages.map((stage) => emptyStageRecord(stage.name, stage.command, stage.selected ? 'pending' : 'skipped')),
    };
  }

  /** A copy of the run as it stands. */
  get record(): RunRecord {
    return structuredClone(this.state);
  }

  /** `<runsDir>/<runId>`, once started. */
  get runDir(): string | undefined {
    return this.folder?.dir;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates the run folder and runs the stages; resolves when the run first finishes. */
  start(): Promise<RunRecord> {
    this.started ??= new Promise<RunRecord>((resolve, reject) => {
      this.settleFirstRun = { resolve, reject };
      this.state.startedAt = this.nowIso();
      this.folder = createRunFolder(this.plan.params.runsDir, this.plan.runId);
      this.journal = new EventJournal(this.folder.eventsFile, this.options.sparkJournalIntervalMs);
      this.persist();
      this.emit({
        type: 'run-started',
        at: this.state.startedAt,
        runId: this.state.id,
        runDir: this.folder.dir,
        params: this.state.params,
        stages: structuredClone(this.state.stages),
      });
      this.drive();
    });
    return this.started;
  }

  /** Resolves when no stage is running and none is about to (retries included). */
  async whenIdle(): Promise<void> {
    while (this.looping) await this.driving;
  }

  send(command: RunnerCommand): void {
    switch (command.type) {
      case 'abort':
        return this.abort();
      case 'skip':
        return this.skip(command.stage);
      case 'retry':
        return this.retry(command.stage);
    }
  }

  private abort(): void {
    if (!this.looping) return;
    this.abortRequested = true;
    if (this.current) this.stopCurrent('abort');
  }

  private skip(stageName: string): void {
    const index = this.state.stages.findIndex((stage) => stage.name === stageName);
    const stage = this.state.stages[index];
    if (!stage) return;
    if (this.current?.index === index) return this.stopCurrent('skip');
    if (stage.status !== 'pending') return;
    stage.status = 'skipped';
    this.persist();
    this.emitStageFinished(stage, 'skipped');
  }

  private retry(stageName: string): void {
    const index = this.state.stages.findIndex((stage) => stage.name === stageName);
    const stage = this.state.stages[index];
    if (!stage || !this.folder || (stage.status !== 'failed' && stage.status !== 'aborted')) return;
    if (this.current?.stopReason === 'abort') return; // the operator is ending the run
    Object.assign(stage, emptyStageRecord(stage.name, stage.command, 'pending'));
    this.abortRequested = false;
    this.haltedByFailure = false;
    const at = this.nowIso();
    fs.appendFileSync(this.folder.logFile(stage.name), `\n=== retry ${at} ===\n`);
    this.state.status = 'running';
    this.state.finishedAt = null;
    this.persist();
    this.emit({ type: 'stage-retry', at, stage: stage.name });
    this.drive();
  }

  private stopCurrent(reason: StopReason): void {
    const current = this.current;
    if (!current) return;
    if (current.stopReason !== 'abort') current.stopReason = reason;
    const stage = this.plan.stages[current.index]!.name;
    void current.process.stop(this.plan.params.graceSeconds, (signal) =>
      this.emit({ type: 'stage-stopping', at: this.nowIso(), stage, reason: current.stopReason ?? reason, signal }),
    );
  }

  private drive(): void {
    if (this.looping) return;
    this.looping = true;
    this.driving = this.runPendingStages().catch((error: unknown) => {
      this.looping = false;
      this.settleFirstRun?.reject(error);
    });
  }

  private nextStageIndex(): number | undefined {
    if (this.abortRequested || this.haltedByFailure) return undefined;
    const index = this.state.stages.findIndex((stage) => stage.status === 'pending');
    return index < 0 ? undefined : index;
  }

  private async runPendingStages(): Promise<void> {
    for (;;) {
      const index = this.nextStageIndex();
      if (index !== undefined) {
        await this.runStage(index);
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
    const stage = this.state.stages[index]!;
    const command = this.plan.stages[index]!.command;
    const folder = this.folder!;
    const startedAt = this.now();
    Object.assign(stage, emptyStageRecord(stage.name, command, 'running'), { startedAt: startedAt.toISOString() });

    let process: StageProcess;
    try {
      process = this.startStage({
        command,
        logFile: folder.logFile(stage.name),
        env: { ...this.options.env, ...stageEnv(this.plan.runId, stage.name, this.plan.params) },
        cwd: this.plan.params.projectRoot,
        handlers: {
          onLines: (lines) => this.emit({ type: 'stage-output', at: this.nowIso(), stage: stage.name, lines }),
          onJobProgress: (progress) => this.emit({ type: 'stage-progress', at: this.nowIso(), stage: stage.name, progress }),
          onSparkProgress: (sparkStages) =>
            this.emit({ type: 'spark-progress', at: this.nowIso(), stage: stage.name, sparkStages }),
        },
      });
    } catch (error) {
      fs.appendFileSync(folder.logFile(stage.name), `${(error as Error).message}\n`);
      this.persist();
      this.emit({ type: 'stage-started', at: stage.startedAt!, stage: stage.name, command, pid: undefined });
      this.completeStage(stage, 'failed', startedAt, null, null);
      return;
    }

    this.current = { index, process };
    this.persist();
    this.emit({ type: 'stage-started', at: stage.startedAt!, stage: stage.name, command, pid: process.pid });
    const exit = await process.exited;
    const stopReason = this.current.stopReason;
    this.current = undefined;

    const status: FinishedStageStatus =
      stopReason === 'abort' ? 'aborted' : stopReason === 'skip' ? 'skipped' : exit.exitCode === 0 ? 'succeeded' : 'failed';
    this.completeStage(stage, status, startedAt, exit.exitCode, exit.signal);
  }

  private completeStage(
    stage: StageRecord,
    status: FinishedStageStatus,
    startedAt: Date,
    exitCode: number | null,
    signal: string | null,
  ): void {
    const finishedAt = this.now();
    Object.assign(stage, {
      status,
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      exitCode,
      signal,
    });
    if (status === 'failed' && !this.plan.params.continueOnFailure) this.haltedByFailure = true;
    this.persist();
    this.emitStageFinished(stage, status);
  }

  private finishRun(): void {
    this.state.status = this.runStatus();
    this.state.finishedAt = this.nowIso();
    this.persist();
    this.emit({
      type: 'run-finished',
      at: this.state.finishedAt,
      status: this.state.status,
      stages: structuredClone(this.state.stages),
    });
    const settle = this.settleFirstRun;
    this.settleFirstRun = undefined;
    settle?.resolve(this.record);
  }

  private runStatus(): Exclude<RunStatus, 'running'> {
    const statuses = this.state.stages.map((stage) => stage.status);
    if (this.abortRequested || statuses.includes('aborted')) return 'aborted';
    if (statuses.includes('failed')) return 'failed';
    return 'succeeded';
  }

  private emitStageFinished(stage: StageRecord, status: FinishedStageStatus): void {
    this.emit({
      type: 'stage-finished',
      at: stage.finishedAt ?? this.nowIso(),
      stage: stage.name,
      status,
      exitCode: stage.exitCode,
      signal: stage.signal,
      durationMs: stage.durationMs,
    });
  }

  private persist(): void {
    if (this.folder) writeRunRecord(this.folder.dir, this.state);
  }

  private emit(event: RunEvent): void {
    this.journal?.record(event);
    for (const listener of this.listeners) listener(event);
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}
