import { RunNotStartedError, startDetachedRun } from '../../daemon/start-detached-run.js';
import { runHeadless } from '../../headless/run-headless.js';
import { findRun } from '../../runs/find-run.js';
import { runInForeground } from '../../runs/foreground-run.js';
import { runState } from '../../runs/host-info.js';
import { sweepRunProcesses } from '../../runs/process-sweep.js';
import { planResumeAsNewRun } from '../../runs/resume-plan.js';
import { terminalVerdict, type TerminalStreams } from '../interactive-terminal.js';
import { findProjectRoot } from '../../config/project-root.js';
import type { ValidationEnvironment } from '../../config/validate.js';
import { RESUME_DATA_OPTIONS, RESUME_EXECUTION_OPTIONS, resumeParams } from '../../runs/resume-settings.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError } from './args.js';

export const RESUME_USAGE =
  'backfill resume <run-id> [--conf k=v ...] [--master M] [--spark-submit P] [--parallel N] [--retries N] [--retry-delay S] [--grace S] [--fail-fast] [--force-unlock] [--headless] [--json] [--runs-dir DIR]';

export interface ResumeIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
  /** Where keys come from; process.stdin by default. */
  in?: TerminalStreams['in'];
  /** Stage environment on top of process.env (tests). */
  env?: Record<string, string>;
  /** For checking changed settings; this process's by default. */
  environment?: ValidationEnvironment;
}

/**
 * Runs again what did not succeed in a run, with its parameters, as a new run that names the old one.
 * An interrupted run's leftover processes are stopped first. With a terminal the new run is detached
 * and shown; otherwise (or with --headless) it runs in the foreground like a headless backfill.
 */
export async function resumeCommand(args: string[], io: ResumeIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...RUNS_DIR_OPTION, headless: { type: 'boolean' }, json: { type: 'boolean' }, ...RESUME_EXECUTION_OPTIONS, ...RESUME_DATA_OPTIONS },
    RESUME_USAGE,
  );
  const [runId, extra] = positionals;
  if (!runId || extra) throw new UsageError(`name the run to resume. Usage: ${RESUME_USAGE}`);
  const found = findRun(runsDirFrom(values['runs-dir']), runId);
  if (typeof found === 'string') {
    io.err.write(`backfill: ${found}\n`);
    return 2;
  }
  const previous = found.record;
  const state = runState(found.dir, previous);
  if (state === 'running') {
    io.err.write(`backfill: run ${runId} is still running. Watch it: backfill attach ${runId}\n`);
    return 2;
  }
  if (state === 'interrupted') {
    const stopped = await sweepRunProcesses(runId, { graceMs: previous.params.graceSeconds * 1000 });
    io.err.write(`backfill: run ${runId} was interrupted; stopped ${stopped.length} process(es) it left running.\n`);
  }

  const settings = resumeParams(previous.params, values, io.environment ?? { now: new Date(), cwd: process.cwd(), env: process.env, projectRoot: findProjectRoot() });
  if (!settings.ok) {
    io.err.write(`${settings.messages.map((message) => `backfill resume: ${message}`).join('\n')}\nNothing was started.\n`);
    return 2;
  }
  const resume = planResumeAsNewRun(previous, undefined, undefined, settings.params);
  if (!resume.ok) {
    io.err.write(`backfill: ${resume.message}\n`);
    return 0;
  }
  const { plan } = resume;
  const changed = settings.changed.length > 0 ? ` with ${settings.changed.map((flag) => `--${flag}`).join(', ')} changed` : '';
  io.err.write(`backfill: resuming run ${runId} as ${plan.runId}${changed}: ${resume.rerun.join(', ')} run again.\n`);
  const lock = { forceUnlock: values['force-unlock'] === true };

  const explicitlyHeadless = Boolean(values.headless || values.json);
  const terminal = terminalVerdict({ out: io.out, in: io.in ?? process.stdin });
  if (!explicitlyHeadless && !terminal.interactive && terminal.note) io.err.write(terminal.note);
  const headless = explicitlyHeadless || !terminal.interactive;
  if (headless) {
    const env = io.env ? { env: io.env } : {};
    return runInForeground(
      plan,
      () => runHeadless(plan, { json: Boolean(values.json), out: io.out, runner: { resume: previous, ...env } }),
      { err: io.err, resumedFrom: runId, lock },
    );
  }
  try {
    const controller = await startDetachedRun(plan, { resume: previous, onNotice: (text) => io.err.write(text), lock });
    const { attachTui } = await import('../run-tui.js');
    return attachTui({ record: controller.snapshot.record, controller, live: controller });
  } catch (error) {
    io.err.write((error as Error).message);
    return error instanceof RunNotStartedError ? error.exitCode : 1;
  }
}
