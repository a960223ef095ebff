import fs from 'node:fs';
import path from 'node:path';
import { SparkAppWatcher } from '../spark/app-watcher.js';
import type { SparkUiPollerOptions } from '../spark/ui-poller.js';
import { killYarnAppIfRunning } from '../spark/yarn.js';
import { EventJournal } from './event-journal.js';
import { emptyChunkRecord, emptyStageRecord, resumedStage } from './records.js';
import { createRunFolder, writeRunRecord, type RunFolder } from './run-folder.js';
import { redactPlan } from './redaction.js';
import type { JobResult } from './job-lines.js';
import { checkCompleteness } from './quality-gate.js';
import { describeWriteError } from './write-errors.js';

/** In the run folder: the start times of the run's recent API requests, shared by its bronze processes. */
export const REQUEST_BUDGET_FILE = 'request-budget.json';
import { stageEnv, startStageProcess, type StageProcess, type StartStageOptions } from './stage-process.js';
import type {
  ChunkRecord,
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
/** `fail-fast`: another chunk of the stage failed under `failFast`; reported to the world as `abort`. */
type StopReason = 'abort' | 'skip' | 'fail-fast';

export interface RunnerOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** Starts a stage's process; replaceable for tests. */
  startStage?: (options: StartStageOptions) => StageProcess;
  /** Minimum gap between two spark-progress lines of one stage in events.ndjson. */
  sparkJournalIntervalMs?: number;
  /** Extra environment for every stage, on top of process.env and the BACKFILL_* variables. */
  env?: Record<string, string>;
  /** Polling of the drivers' REST API once their log names it; false to only read the log. */
  sparkUi?: SparkUiPollerOptions | false;
  /** An earlier run with the same parameters to resume: what succeeded there, stages and chunks, is kept
   *  and not run again; the rest runs. See `planResumeAsNewRun` in src/runs/resume-plan.ts. */
  resume?: RunRecord;
}

/** A process of the run: a whole stage, or one chunk of a chunked stage. */
interface RunningProcess {
  chunk: string | undefined;
  process: StageProcess;
  stopReason?: StopReason;
}

/** What a stage's run (all its chunks) has been asked to stop for. */
interface StageHalt {
  index: number;
  reason?: StopReason;
}

const chunkKey = (chunk: string | undefined) => chunk ?? '';

/** The part a stage record and a chunk record share. */
type ProcessRecord = Pick<StageRecord, 'status' | 'command' | 'startedAt' | 'finishedAt' | 'durationMs' | 'exitCode' | 'signal' | 'spark' | 'commits'>;

/**
 * Runs a plan's stages one at a time, each as its own process group, and keeps the run folder up to date.
 * A chunked stage runs its chunks, each its own process group, up to `parallel` at once.
 * UI-free: everything it does is visible as RunEvents, everything it accepts is a RunnerCommand.
 */
export class Runner implements RunController {
  private readonly listeners = new Set<RunEventListener>();
  private readonly state: RunRecord;
  private readonly now: () => Date;
  private readonly startStage: (options: StartStageOptions) => StageProcess;
  private folder: RunFolder | undefined;
  private journal: EventJournal | undefined;
  private readonly shownPlan: Plan;
  /** Processes of the current stage, by chunk id ('' for a whole stage). */
  private readonly running = new Map<string, RunningProcess>();
  private current: StageHalt | undefined;
  private abortRequested = false;
  /** The first write to the run folder that failed; the run stops and fails once it is set. */
  private storageFailure: { path: string; message: string } | undefined;
  /** `--min-completeness` stopped the run before the stages after silver. */
  private gateFailed = false;
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
    // What is recorded and told is the plan with its secrets redacted; only the processes get the real values.
    const shown = redactPlan(plan);
    this.shownPlan = shown;
    this.state = {
      id: plan.runId,
      params: shown.params,
      status: 'running',
      startedAt: this.now().toISOString(),
      finishedAt: null,
      stages: shown.stages.map((stage) => {
        const record = emptyStageRecord(stage.name, stage.command, stage.selected ? 'pending' : 'skipped');
        if (stage.chunks) record.chunks = stage.chunks.map((chunk) => emptyChunkRecord(chunk, 'pending'));
        const previous = options.resume?.stages.find((candidate) => candidate.name === stage.name);
        return previous && stage.selected ? resumedStage(record, previous) : record;
      }),
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
    this.haltCurrent('abort');
  }

  private skip(stageName: string): void {
    const index = this.state.stages.findIndex((stage) => stage.name === stageName);
    const stage = this.state.stages[index];
    if (!stage) return;
    if (this.current?.index === index) return this.haltCurrent('skip');
    if (stage.status !== 'pending') return;
    stage.status = 'skipped';
    for (const chunk of stage.chunks ?? []) if (chunk.status === 'pending') chunk.status = 'skipped';
    this.persist();
    this.emitStageFinished(stage, 'skipped');
  }

  private retry(stageName: string): void {
    const index = this.state.stages.findIndex((stage) => stage.name === stageName);
    const stage = this.state.stages[index];
    if (!stage || !this.folder || (stage.status !== 'failed' && stage.status !== 'aborted')) return;
    if (this.current?.reason === 'abort') return; // the operator is ending the run
    const chunks = stage.chunks;
    Object.assign(stage, emptyStageRecord(stage.name, stage.command, 'pending'));
    delete stage.spark;
    delete stage.commits;
    this.abortRequested = false;
    this.haltedByFailure = false;
    this.gateFailed = false;
    const at = this.nowIso();
    let rerun: string[] | undefined;
    if (chunks) {
      // Only the chunks that did not succeed run again.
      const planned = this.shownPlan.stages[index]!.chunks ?? [];
      stage.chunks = chunks.map((chunk, i) => (chunk.status === 'succeeded' ? chunk : emptyChunkRecord(planned[i]!, 'pending')));
      rerun = stage.chunks.filter((chunk) => chunk.status === 'pending').map((chunk) => chunk.id);
      for (const id of rerun) this.appendToLog(this.folder.chunkLogFile(stage.name, id), `\n=== retry ${at} ===\n`);
    } else {
      this.appendToLog(this.folder.logFile(stage.name), `\n=== retry ${at} ===\n`);
    }
    this.state.status = 'running';
    this.state.finishedAt = null;
    this.persist();
    this.emit({ type: 'stage-retry', at, stage: stage.name, ...(rerun ? { chunks: rerun } : {}) });
    this.drive();
  }

  /** Stops every process of the current stage, and lets no more of its chunks start. */
  private haltCurrent(reason: StopReason): void {
    const current = this.current;
    if (!current) return;
    if (current.reason !== 'abort') current.reason = reason;
    for (const running of this.running.values()) this.stopProcess(running, reason);
  }

  private stopProcess(running: RunningProcess, reason: StopReason): void {
    if (running.stopReason !== 'abort') running.stopReason = reason;
    const stage = this.plan.stages[this.current!.index]!.name;
    void running.process.stop(this.plan.params.graceSeconds, (signal) =>
      this.emit({
        type: 'stage-stopping',
        at: this.nowIso(),
        stage,
        reason: running.stopReason === 'skip' ? 'skip' : 'abort',
        signal,
        ...(running.chunk !== undefined ? { chunk: running.chunk } : {}),
      }),
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
        this.current = { index };
        try {
          await (this.state.stages[index]!.chunks ? this.runChunkedStage(index) : this.runStage(index));
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
    const stage = this.state.stages[index]!;
    const command = this.shownPlan.stages[index]!.command;
    Object.assign(stage, emptyStageRecord(stage.name, command, 'running'));
    const outcome = await this.runProcess(stage, stage, undefined, this.folder!.logFile(stage.name));
    this.completeStage(stage, outcome.status, new Date(stage.startedAt!), outcome.exitCode, outcome.signal);
  }

  private async runChunkedStage(index: number): Promise<void> {
    const stage = this.state.stages[index]!;
    const chunks = stage.chunks!;
    const startedAt = this.now();
    Object.assign(stage, emptyStageRecord(stage.name, [], 'running'), { startedAt: startedAt.toISOString() });
    this.persist();
    this.emit({ type: 'stage-started', at: stage.startedAt!, stage: stage.name, command: [], pid: undefined });

    const parallel = Math.max(1, Math.floor(this.plan.params.parallel ?? 1));
    const active = new Set<Promise<void>>();
    for (;;) {
      while (this.current?.reason === undefined && active.size < parallel) {
        const chunk = chunks.find((candidate) => candidate.status === 'pending');
        if (!chunk) break;
        const logFile = this.folder!.chunkLogFile(stage.name, chunk.id);
        chunk.status = 'running'; // claimed now, so the next turn of this loop picks another
        const run: Promise<void> = this.runProcess(stage, chunk, chunk.id, logFile).then((outcome) => {
          active.delete(run);
          this.finishChunk(stage, chunk, outcome);
        });
        active.add(run);
      }
      if (active.size === 0) break;
      await Promise.race(active);
    }

    const reason = this.current?.reason;
    if (reason === 'skip') for (const chunk of chunks) if (chunk.status === 'pending') chunk.status = 'skipped';
    const failed = chunks.find((chunk) => chunk.status === 'failed');
    const status: FinishedStageStatus =
      reason === 'skip' ? 'skipped' : reason === 'abort' ? 'aborted' : failed ? 'failed' : 'succeeded';
    this.completeStage(stage, status, startedAt, status === 'succeeded' ? 0 : (failed?.exitCode ?? null), failed?.signal ?? null);
  }

  private finishChunk(stage: StageRecord, chunk: ChunkRecord, outcome: ProcessOutcome): void {
    const startedAt = chunk.startedAt ? Date.parse(chunk.startedAt) : undefined;
    const finishedAt = this.now();
    Object.assign(chunk, {
      status: outcome.status,
      finishedAt: finishedAt.toISOString(),
      durationMs: startedAt === undefined ? null : finishedAt.getTime() - startedAt,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
    });
    this.persist();
    this.emit({
      type: 'stage-finished',
      at: chunk.finishedAt!,
      stage: stage.name,
      chunk: chunk.id,
      status: outcome.status,
      exitCode: chunk.exitCode,
      signal: chunk.signal,
      durationMs: chunk.durationMs,
    });
    if (outcome.status === 'failed' && this.plan.params.failFast) this.haltCurrent('fail-fast');
  }

  /** Starts one process (a stage or a chunk), follows it to its end; the caller records the outcome. */
  private async runProcess(stage: StageRecord, target: ProcessRecord, chunk: string | undefined, logFile: string): Promise<ProcessOutcome> {
    const command = target.command; // as shown: secrets redacted
    const planned = this.plan.stages.find((candidate) => candidate.name === stage.name);
    const realCommand = (chunk === undefined ? planned?.command : planned?.chunks?.find((candidate) => candidate.id === chunk)?.command) ?? command;
    const chunkField = chunk !== undefined ? { chunk } : {};
    Object.assign(target, { status: 'running', startedAt: this.nowIso(), finishedAt: null, durationMs: null, exitCode: null, signal: null });
    delete target.spark;
    delete target.commits;
    fs.mkdirSync(path.dirname(logFile), { recursive: true });

    const watcher = new SparkAppWatcher(
      {
        onApp: (app) => {
          target.spark = app;
          this.persist();
          this.emit({ type: 'spark-app', at: this.nowIso(), stage: stage.name, ...chunkField, app });
        },
        onSnapshot: (snapshot) => this.emit({ type: 'spark-ui', at: this.nowIso(), stage: stage.name, ...chunkField, ...snapshot }),
      },
      this.options.sparkUi ?? {},
    );

    const env = { ...this.options.env, ...stageEnv(this.plan.runId, stage.name, this.plan.params) };
    if (chunk !== undefined) env.BACKFILL_CHUNK = chunk;
    // One request budget for the API across every chunk of the run (jobs/bronze/rate_limiter.py).
    if (this.folder) env.BACKFILL_REQUEST_BUDGET = path.join(this.folder.dir, REQUEST_BUDGET_FILE);
    let process: StageProcess;
    try {
      process = this.startStage({
        command: realCommand,
        logFile,
        env,
        cwd: this.plan.params.projectRoot,
        onLogError: (error) => this.failStorage(logFile, error),
        handlers: {
          onLines: (lines) => {
            watcher.readLines(lines);
            this.emit({ type: 'stage-output', at: this.nowIso(), stage: stage.name, ...chunkField, lines });
          },
          onJobProgress: (progress) => this.emit({ type: 'stage-progress', at: this.nowIso(), stage: stage.name, ...chunkField, progress }),
          onSparkProgress: (sparkStages) =>
            this.emit({ type: 'spark-progress', at: this.nowIso(), stage: stage.name, ...chunkField, sparkStages }),
          onJobResult: (result) => this.recordJobResult(stage, target, chunk, result),
        },
      });
    } catch (error) {
      this.appendToLog(logFile, `${(error as Error).message}\n`);
      this.persist();
      this.emit({ type: 'stage-started', at: target.startedAt!, stage: stage.name, ...chunkField, command, pid: undefined });
      return { status: 'failed', exitCode: null, signal: null };
    }

    const running: RunningProcess = { chunk, process };
    this.running.set(chunkKey(chunk), running);
    this.persist();
    this.emit({ type: 'stage-started', at: target.startedAt!, stage: stage.name, ...chunkField, command, pid: process.pid });
    // Asked to stop before it started (fail-fast or abort while this one was being launched).
    if (this.current?.reason) this.stopProcess(running, this.current.reason);
    const exit = await process.exited;
    await watcher.stop();
    this.running.delete(chunkKey(chunk));

    const stopReason = running.stopReason;
    // Stopped by us (abort, skip, fail-fast): on YARN cluster mode the application can outlive its submit.
    if (stopReason !== undefined && watcher.info.appId) {
      await this.killYarnApp(stage.name, chunk, watcher.info.appId);
    }
    const status: FinishedStageStatus =
      stopReason === 'abort' || stopReason === 'fail-fast'
        ? 'aborted'
        : stopReason === 'skip'
          ? 'skipped'
          : exit.exitCode === 0
            ? 'succeeded'
            : 'failed';
    return { status, exitCode: exit.exitCode, signal: exit.signal };
  }

  /** The submit is gone, but on YARN its application may live on: kill it if `yarn` is at hand. */
  private async killYarnApp(stage: string, chunk: string | undefined, appId: string): Promise<void> {
    let result;
    try {
      result = await killYarnAppIfRunning(appId, { ...process.env, ...this.options.env });
    } catch (error) {
      result = { ok: false, message: `yarn application -kill ${appId}: ${(error as Error).message}` };
    }
    if (!result) return;
    this.emit({ type: 'yarn-kill', at: this.nowIso(), stage, ...(chunk !== undefined ? { chunk } : {}), appId, ...result });
  }

  /** A job's BACKFILL_RESULT: its commits on its stage (or chunk) record, silver's coverage on the run. */
  private recordJobResult(stage: StageRecord, target: ProcessRecord, chunk: string | undefined, result: JobResult): void {
    const commits = result.commits ?? [];
    target.commits = commits;
    if (result.coverage) this.state.coverage = result.coverage;
    this.persist();
    this.emit({
      type: 'job-result',
      at: this.nowIso(),
      stage: stage.name,
      ...(chunk !== undefined ? { chunk } : {}),
      rowsWritten: result.rowsWritten,
      commits,
      ...(result.coverage ? { coverage: result.coverage } : {}),
    });
  }

  /** `--min-completeness`, once the stage that reported the coverage has succeeded: holes stop the run here. */
  private checkQualityGate(stage: StageRecord): void {
    const min = this.plan.params.minCompleteness;
    const coverage = this.state.coverage;
    if (min === undefined || !coverage || !stage.commits) return;
    const gate = checkCompleteness(coverage, min);
    this.state.qualityGate = gate;
    if (!gate.passed) {
      this.gateFailed = true;
      this.haltedByFailure = true;
    }
    this.persist();
    this.emit({ type: 'quality-gate', at: this.nowIso(), stage: stage.name, gate });
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
    if (status === 'succeeded') this.checkQualityGate(stage);
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
      ...(this.state.coverage ? { coverage: this.state.coverage } : {}),
      ...(this.state.qualityGate ? { qualityGate: this.state.qualityGate } : {}),
    });
    const settle = this.settleFirstRun;
    this.settleFirstRun = undefined;
    settle?.resolve(this.record);
  }

  private runStatus(): Exclude<RunStatus, 'running'> {
    const statuses = this.state.stages.map((stage) => stage.status);
    if (this.storageFailure || this.gateFailed) return 'failed';
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

  private appendToLog(file: string, text: string): void {
    this.guardWrite(file, () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.appendFileSync(file, text);
    });
  }

  private persist(): void {
    const folder = this.folder;
    if (folder) this.guardWrite(path.join(folder.dir, 'run.json'), () => writeRunRecord(folder.dir, this.state));
  }

  private emit(event: RunEvent): void {
    const journal = this.journal;
    if (journal && this.folder) this.guardWrite(this.folder.eventsFile, () => journal.record(event));
    for (const listener of this.listeners) listener(event);
  }

  /** A write to the run folder. The first that fails (disk full, quota, read-only) stops the run: what it does
   *  from then on could not be recorded, and a stage whose log cannot be written loses its output. The run
   *  folder keeps its last good state (run.json is replaced atomically), so the run can be resumed once there
   *  is space again. Later writes are still tried, in case space came back. */
  private guardWrite(file: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.failStorage(file, error);
    }
  }

  private failStorage(file: string, error: unknown): void {
    if (this.storageFailure) return;
    const message = describeWriteError(error, file);
    this.storageFailure = { path: file, message };
    // Straight to the listeners: events.ndjson is on the same disk.
    const event: RunEvent = { type: 'storage-error', at: this.nowIso(), path: file, message };
    for (const listener of this.listeners) listener(event);
    this.haltedByFailure = true;
    this.haltCurrent('abort');
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}

interface ProcessOutcome {
  status: FinishedStageStatus;
  exitCode: number | null;
  signal: string | null;
}
