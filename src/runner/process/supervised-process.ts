import type { FinishedStatus, RunEvent, StopSignal } from '../run/events.js';
import { FailureCauseFinder } from './failure-cause.js';
import { describeFailure, type FailureContext, type ProcessEnd } from './failure-verdict.js';
import type { StageProcess, StageStarter } from './stage-process.js';

/** Why the runner stops a process. `fail-fast`: another chunk of its stage failed; told to the world as `abort`. */
export type StopCause = 'abort' | 'skip' | 'fail-fast';

/** One process to run: a whole stage, or one chunk of a chunked stage. */
export interface ProcessTarget {
  stage: string;
  chunk?: string;
  /** As recorded and shown: secrets redacted. */
  shownCommand: string[];
  /** As run. */
  command: string[];
  logFile: string;
  env: Record<string, string>;
  cwd: string;
}

export interface ProcessOutcome {
  status: FinishedStatus;
  exitCode: number | null;
  signal: string | null;
  startedAtMs: number;
  finishedAtMs: number;
}

export interface SupervisorDeps {
  start: StageStarter;
  emit(event: RunEvent): void;
  now(): Date;
  graceSeconds: number;
  /** Text the process could not write itself (why it did not start), appended to its log. */
  appendToLog(file: string, text: string): void;
  onLogError(file: string, error: Error): void;
  /** The run a failure's fix names (`backfill resume <id> …`) and the settings it changes. */
  failureContext: FailureContext;
}

export interface SupervisedProcess {
  readonly outcome: Promise<ProcessOutcome>;
  /** Stops the process (SIGTERM, SIGKILL after the grace period). An abort outranks a skip. */
  stop(cause: StopCause): void;
}

/**
 * Starts one process and follows it to its end: everything it says becomes an event addressed to its stage
 * (and chunk), a stop becomes `*-stopping` events, and its end an outcome for the scheduler to record.
 */
export function superviseProcess(target: ProcessTarget, deps: SupervisorDeps): SupervisedProcess {
  const { stage, chunk } = target;
  const address = chunk === undefined ? { stage } : { stage, chunk };
  const at = () => deps.now().toISOString();
  const startedAt = deps.now();
  let cause: StopCause | undefined;
  let process: StageProcess | undefined;

  const started = (pid: number | undefined): RunEvent =>
    chunk === undefined
      ? { type: 'stage-started', at: startedAt.toISOString(), stage, command: target.shownCommand, pid }
      : { type: 'chunk-started', at: startedAt.toISOString(), stage, chunk, command: target.shownCommand, pid };
  const stopping = (signal: StopSignal): RunEvent => {
    const reason = cause === 'skip' ? 'skip' : 'abort';
    return chunk === undefined ? { type: 'stage-stopping', at: at(), stage, reason, signal } : { type: 'chunk-stopping', at: at(), stage, chunk, reason, signal };
  };
  const sendStop = () => void process?.stop(deps.graceSeconds, (signal) => deps.emit(stopping(signal)));
  // Reads every line as it comes and keeps a few: why the process failed, should it fail.
  const finder = new FailureCauseFinder();
  const tellCause = (end: ProcessEnd) =>
    deps.emit({ type: 'failure-cause', at: at(), ...address, cause: describeFailure(finder.found, end, { ...deps.failureContext, stage }) });

  try {
    process = deps.start({
      command: target.command,
      logFile: target.logFile,
      env: target.env,
      cwd: target.cwd,
      onLogError: (error) => deps.onLogError(target.logFile, error),
      handlers: {
        onLines: (lines) => {
          for (const line of lines) finder.push(line);
          deps.emit({ type: 'stage-output', at: at(), ...address, lines });
        },
        onAppDiagnostics: (text) => finder.addDiagnostics(text),
        onAttempt: () => finder.reset(),
        onJobProgress: (progress) =>
          deps.emit(chunk === undefined ? { type: 'stage-progress', at: at(), stage, progress } : { type: 'chunk-progress', at: at(), stage, chunk, progress }),
        onSparkProgress: (sparkStages) => deps.emit({ type: 'spark-progress', at: at(), ...address, sparkStages }),
        onJobResult: (result) =>
          deps.emit({
            type: 'job-result',
            at: at(),
            ...address,
            rowsWritten: result.rowsWritten,
            commits: result.commits ?? [],
            ...(result.coverage ? { coverage: result.coverage } : {}),
          }),
        onSparkApp: (app) => deps.emit({ type: 'spark-app', at: at(), ...address, app }),
        onSparkUi: (snapshot) => deps.emit({ type: 'spark-ui', at: at(), ...address, ...snapshot }),
        onSparkMemory: (memory) => deps.emit({ type: 'spark-memory', at: at(), ...address, memory }),
        onSparkMemoryWarning: (warning) => deps.emit({ type: 'spark-memory-warning', at: at(), ...address, warning }),
        onAppKill: (kill) => deps.emit({ type: 'yarn-kill', at: at(), ...address, ...kill }),
      },
    });
  } catch (error) {
    deps.appendToLog(target.logFile, `${(error as Error).message}\n`);
    deps.emit(started(undefined));
    tellCause({ exitCode: null, signal: null, startError: (error as Error).message });
    const finished = deps.now().getTime();
    const outcome: ProcessOutcome = { status: 'failed', exitCode: null, signal: null, startedAtMs: startedAt.getTime(), finishedAtMs: finished };
    return { outcome: Promise.resolve(outcome), stop: () => {} };
  }

  deps.emit(started(process.pid));
  const running = process;
  const outcome = running.exited.then((exit): ProcessOutcome => {
    const status: FinishedStatus =
      cause === 'abort' || cause === 'fail-fast' ? 'aborted' : cause === 'skip' ? 'skipped' : exit.exitCode === 0 ? 'succeeded' : 'failed';
    if (status === 'failed') tellCause(exit);
    return { status, exitCode: exit.exitCode, signal: exit.signal, startedAtMs: startedAt.getTime(), finishedAtMs: deps.now().getTime() };
  });
  return {
    outcome,
    stop(next) {
      if (cause !== 'abort') cause = next;
      sendStop();
    },
  };
}
