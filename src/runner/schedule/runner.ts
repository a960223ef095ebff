import path from 'node:path';
import type { RunEvent, RunController, RunEventListener, RunnerCommand } from '../run/events.js';
import { createRunFolder } from '../folder/run-folder.js';
import { RunFolderWriter } from '../folder/run-folder-writer.js';
import { applyRunEvent } from '../run/run-fold.js';
import { initialRunState, toRunRecord, type RunState } from '../run/run-state.js';
import { redactPlan } from '../plan/redaction.js';
import { StageScheduler } from './stage-scheduler.js';
import { stageEnv, startStageProcess, type StageStarter } from '../process/stage-process.js';
import { superviseProcess, type SupervisedProcess } from '../process/supervised-process.js';
import type { RunRecord } from '../run/run-types.js';
import { describeWriteError } from '../folder/write-errors.js';
import type { Plan } from '../plan/plan-types.js';

/** In the run folder: the start times of the run's recent API requests, shared by its bronze processes. */
export const REQUEST_BUDGET_FILE = 'request-budget.json';

export interface RunnerOptions {
  /** Clock. */
  now?: () => Date;
  /** Starts a stage's process: the plain one by default; retries and the Spark watch wrap it (src/lifecycle/create-runner.ts). */
  startStage?: StageStarter;
  /** Minimum gap between two spark-progress lines of one stage in events.ndjson. */
  sparkJournalIntervalMs?: number;
  /** Extra environment for every stage, on top of process.env and the BACKFILL_* variables. */
  env?: Record<string, string>;
  /** An earlier run with the same parameters to resume: what succeeded there, stages and chunks, is kept
   *  and not run again; the rest runs. See `planResumeAsNewRun` in src/lifecycle/resume-plan.ts. */
  resume?: RunRecord;
}

/**
 * Runs a plan: each stage, or each chunk of a chunked stage, its own process group (StageScheduler, one
 * SupervisedProcess each). Everything that happens is a RunEvent: folded into the run's state by
 * `applyRunEvent`, written to the run folder (RunFolderWriter), then told to the subscribers. Everything it
 * accepts is a RunnerCommand. UI-free.
 */
export class Runner implements RunController {
  private readonly listeners = new Set<RunEventListener>();
  private runState: RunState;
  private readonly now: () => Date;
  private readonly startStage: StageStarter;
  private readonly shownPlan: Plan;
  private readonly scheduler: StageScheduler;
  private writer: RunFolderWriter | undefined;
  private storageFailed = false;
  private started: Promise<RunRecord> | undefined;
  private settleFirstRun: { resolve(record: RunRecord): void; reject(error: unknown): void } | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly options: RunnerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.startStage = options.startStage ?? startStageProcess;
    // What is recorded and told is the plan with its secrets redacted; only the processes get the real values.
    this.shownPlan = redactPlan(plan);
    this.runState = initialRunState(this.shownPlan, this.now().toISOString(), options.resume);
    this.scheduler = new StageScheduler(
      { params: plan.params, state: () => this.runState, emit: (event) => this.emit(event), now: this.now, launch: (index, chunk) => this.launch(index, chunk) },
      () => this.settle((first) => first.resolve(this.record)),
      (error) => this.settle((first) => first.reject(error)),
    );
  }

  /** The run as it stands, live figures included. */
  get state(): RunState {
    return this.runState;
  }

  /** A copy of the run's record (what run.json holds). */
  get record(): RunRecord {
    return structuredClone(toRunRecord(this.runState));
  }

  /** `<runsDir>/<runId>`, once started. */
  get runDir(): string | undefined {
    return this.writer?.folder.dir;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates the run folder and runs the stages; resolves when the run first finishes. */
  start(): Promise<RunRecord> {
    this.started ??= new Promise<RunRecord>((resolve, reject) => {
      this.settleFirstRun = { resolve, reject };
      const folder = createRunFolder(this.plan.params.runsDir, this.plan.runId);
      this.writer = new RunFolderWriter(folder, (file, error) => this.failStorage(file, error), this.options.sparkJournalIntervalMs);
      const { id: runId, params, stages } = this.record;
      this.emit({ type: 'run-started', at: this.now().toISOString(), runId, runDir: folder.dir, params, stages });
      this.scheduler.drive();
    });
    return this.started;
  }

  /** Resolves when no stage is running and none is about to (retries included). */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  send(command: RunnerCommand): void {
    switch (command.type) {
      case 'abort':
        return this.scheduler.abort();
      case 'skip':
        return this.scheduler.skip(command.stage);
      case 'retry':
        if (this.writer) this.scheduler.retry(command.stage);
        return;
    }
  }

  private emit(event: RunEvent): void {
    this.runState = applyRunEvent(this.runState, event);
    this.writer?.write(event, this.runState);
    for (const listener of this.listeners) listener(event);
  }

  private launch(index: number, chunkId: string | undefined): SupervisedProcess {
    const writer = this.writer!;
    const stage = this.runState.stages[index]!;
    const planned = this.plan.stages[index]!;
    const chunk = chunkId === undefined ? undefined : stage.chunks?.find((candidate) => candidate.id === chunkId);
    const logFile = chunkId === undefined ? writer.folder.logFile(stage.name) : writer.folder.chunkLogFile(stage.name, chunkId);
    const env = { ...this.options.env, ...stageEnv(this.plan.runId, stage.name, this.plan.params, this.options.env?.PYTHONPATH ?? process.env.PYTHONPATH) };
    if (chunkId !== undefined) env.BACKFILL_CHUNK = chunkId;
    // One request budget for the API across every chunk of the run (jobs/bronze/rate_limiter.py).
    env.BACKFILL_REQUEST_BUDGET = path.join(writer.folder.dir, REQUEST_BUDGET_FILE);
    writer.prepareLog(logFile);
    const command = (chunkId === undefined ? planned.command : planned.chunks?.find((candidate) => candidate.id === chunkId)?.command) ?? [];
    return superviseProcess(
      { stage: stage.name, ...(chunkId !== undefined ? { chunk: chunkId } : {}), shownCommand: chunk?.command ?? stage.command, command, logFile, env, cwd: this.plan.params.projectRoot },
      {
        start: this.startStage,
        emit: (event) => this.emit(event),
        now: this.now,
        graceSeconds: this.plan.params.graceSeconds,
        appendToLog: (file, text) => writer.appendToLog(file, text),
        onLogError: (file, error) => this.failStorage(file, error),
        failureContext: { runId: this.plan.runId, params: this.shownPlan.params },
      },
    );
  }

  /** The first write to the run folder that fails (disk full, quota, read-only) stops the run: what it does
   *  from then on could not be recorded. run.json keeps its last good state, so the run can be resumed. */
  private failStorage(file: string, error: unknown): void {
    if (this.storageFailed) return;
    this.storageFailed = true;
    this.emit({ type: 'storage-error', at: this.now().toISOString(), path: file, message: describeWriteError(error, file) });
    this.scheduler.storageFailure();
  }

  private settle(how: (first: { resolve(record: RunRecord): void; reject(error: unknown): void }) => void): void {
    const first = this.settleFirstRun;
    this.settleFirstRun = undefined;
    if (first) how(first);
  }
}
