import path from 'node:path';
import { DetachedRunError, RunUnreachableError, startDetachedRun } from '../../daemon/start-detached-run.js';
import { runHeadless } from '../../headless/run-headless.js';
import { findRun } from '../../lifecycle/find-run.js';
import { runInForeground } from '../../lifecycle/foreground-run.js';
import { judgeRun, type RunJudgement } from '../../lifecycle/host-info.js';
import { removeDeadSocket } from '../../lifecycle/liveness.js';
import { processesOfRun, sweepRunProcesses } from '../../lifecycle/process-sweep.js';
import { readRunRecord } from '../../runner/folder/run-folder.js';
import { readSuccessor, recordSuccessor, RESUMED_BY_FILE, successorDir, type SuccessorRecord } from '../../lifecycle/successor.js';
import { planResumeAsNewRun } from '../../lifecycle/resume-plan.js';
import { formatPlan } from '../dry-run.js';
import { terminalVerdict, type TerminalStreams } from '../interactive-terminal.js';
import { findProjectRoot } from '../../config/project-root.js';
import type { ValidationEnvironment } from '../../config/validate.js';
import { RESUME_DATA_OPTIONS, RESUME_EXECUTION_OPTIONS, resumeParams } from '../../lifecycle/resume-settings.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError, runIdProblem } from './args.js';
import { EXIT_CODES } from '../../runner/run/exit-code.js';
import { terminalSafeLines } from '../../text/terminal-safe.js';

export const RESUME_USAGE =
  'backfill resume <run-id> [--conf k=v ...] [--chunk SIZE|stage=SIZE ...] [--master M] [--spark-submit P] [--parallel N] [--retries N] [--retry-delay S] [--grace S] [--fail-fast] [--force-unlock] [--headless] [--json] [--dry-run] [--runs-dir DIR]';

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
 * An interrupted run's leftover processes are stopped first, only when its runner is proven gone (see judgeRun).
 * A run resumed already is not resumed again: the refusal names its successor. With a terminal the new run
 * is detached and shown; otherwise (or with --headless) it runs in the foreground like a headless backfill.
 * With --dry-run it prints the new run's plan (the stages kept, the commands of what runs again) and starts,
 * stops and writes nothing.
 */
export async function resumeCommand(args: string[], io: ResumeIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...RUNS_DIR_OPTION, headless: { type: 'boolean' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, ...RESUME_EXECUTION_OPTIONS, ...RESUME_DATA_OPTIONS },
    RESUME_USAGE,
  );
  // Run folders, host records, paths and flags are outside text: every line said here passes the one sanitizer
  // (values already escaped by shown() stay as they are).
  const say = (text: string) => io.err.write(terminalSafeLines(text));
  const [runId, extra] = positionals;
  if (!runId || extra) throw new UsageError(runIdProblem(extra, RESUME_USAGE));
  const runsDir = runsDirFrom(values['runs-dir']);
  const found = findRun(runsDir, runId);
  if (typeof found === 'string') {
    say(`backfill: ${found}\n`);
    return EXIT_CODES.usage;
  }
  const previous = found.record;
  // The flags first: a typo is answered as a typo whatever state the old run is in.
  const environment = io.environment ?? { now: new Date(), cwd: process.cwd(), env: process.env, projectRoot: findProjectRoot() };
  const settings = resumeParams(previous.params, values, environment, runsDir);
  if (!settings.ok) {
    say(`${settings.messages.map((message) => `backfill resume: ${message}`).join('\n')}\nNothing was started.\n`);
    return EXIT_CODES.usage;
  }
  const resumedAlready = await describeSuccessor(runId, found.dir, readSuccessor(found.dir));
  if (resumedAlready) {
    say(resumedAlready);
    return EXIT_CODES.usage;
  }
  const judged = await judgeRun(found.dir, previous);
  if (judged.state === 'running') {
    say(`backfill: run ${runId} is still running. ${watchAdvice(runId, judged)}\n`);
    return EXIT_CODES.usage;
  }
  if (judged.state === 'unknown') {
    // Nothing proves its runner gone: what carries its id may be the live run's stages. Never stop them on a guess.
    const left = processesOfRun(runId);
    if (left.length > 0) {
      say(
        `backfill: cannot tell whether run ${runId} is still running (${judged.why}), and ${left.length} process(es) of it are running (pid ${left.join(', ')}). ` +
          `Nothing was stopped or started: look at them (ps -o pid,args -p ${left.join(',')}); if they are leftovers, stop them (kill ${left.join(' ')}) and resume again.\n`,
      );
      return EXIT_CODES.usage;
    }
    say(`backfill: cannot tell whether run ${runId}'s runner is gone (${judged.why}); no process of it is running, so none was stopped.\n`);
  }
  const dryRun = values['dry-run'] === true;
  if (judged.state === 'interrupted' && dryRun) {
    const left = processesOfRun(runId).length;
    say(`backfill: run ${runId} was interrupted (${judged.why}); a resume would first stop the ${left} process(es) it left running.\n`);
  } else if (judged.state === 'interrupted') {
    const stopped = await sweepRunProcesses(runId, { graceMs: previous.params.graceSeconds * 1000 });
    say(`backfill: run ${runId} was interrupted (${judged.why}); stopped ${stopped.length} process(es) it left running.\n`);
    if (judged.deadSocket && removeDeadSocket(judged.deadSocket)) say(`backfill: removed its dead control socket ${judged.deadSocket}.\n`);
  }

  const resume = planResumeAsNewRun(previous, undefined, undefined, settings.params);
  if (!resume.ok) {
    say(`backfill: ${resume.message}\n`);
    return EXIT_CODES.succeeded;
  }
  const { plan } = resume;
  if (dryRun) {
    io.out.write(formatPlan(plan, Boolean(values.json), { runId, rerun: resume.rerun }));
    return EXIT_CODES.succeeded;
  }
  const changed = settings.changed.length > 0 ? ` with ${settings.changed.map((flag) => `--${flag}`).join(', ')} changed` : '';
  say(`backfill: resuming run ${runId} as ${plan.runId}${changed}: ${resume.rerun.join(', ')} run again.\n`);
  const lock = { forceUnlock: values['force-unlock'] === true };

  const explicitlyHeadless = Boolean(values.headless || values.json);
  const terminal = terminalVerdict({ out: io.out, in: io.in ?? process.stdin });
  if (!explicitlyHeadless && !terminal.interactive && terminal.note) say(terminal.note);
  const headless = explicitlyHeadless || !terminal.interactive;
  if (headless) {
    const env = io.env ? { env: io.env } : {};
    return runInForeground(
      plan,
      () => {
        // Under the lock, with the new run's folder made: from here on, the old run points to it.
        recordSuccessor(found.dir, plan.runId, plan.params.runsDir);
        return runHeadless(plan, { json: Boolean(values.json), out: io.out, runner: { resume: previous, ...env } });
      },
      { err: io.err, resumedFrom: runId, lock },
    );
  }
  try {
    const controller = await startDetachedRun(plan, { resume: previous, onNotice: (text) => say(text), lock });
    recordSuccessor(found.dir, plan.runId, plan.params.runsDir);
    const { attachTui } = await import('../run-tui.js');
    return attachTui({ record: controller.snapshot.record, controller, live: controller });
  } catch (error) {
    if (error instanceof RunUnreachableError) recordSuccessor(found.dir, plan.runId, plan.params.runsDir);
    say((error as Error).message);
    return error instanceof DetachedRunError ? error.exitCode : EXIT_CODES.failed;
  }
}

/** How to watch a live run: attach to its runner host, or follow the logs of a headless one (no host). */
export function watchAdvice(runId: string, judged: RunJudgement): string {
  return judged.host?.mode === 'foreground' ? `It runs headless; follow it: backfill logs ${runId} --follow` : `Watch it: backfill attach ${runId}`;
}

/** The refusal for a run resumed already (or whose record of it cannot be read); undefined when it was not. */
async function describeSuccessor(runId: string, runDir: string, record: SuccessorRecord): Promise<string | undefined> {
  if (record.kind === 'none') return undefined;
  if (record.kind === 'unreadable') {
    return (
      `backfill: run ${runId} may have been resumed already: ${record.file} cannot be read (${record.reason}). Nothing was started. ` +
      `See backfill history; if no run resumed it, remove that file and resume again.\n`
    );
  }
  const next = record.successor;
  const dir = successorDir(next);
  let state: string;
  try {
    state = (await judgeRun(dir, readRunRecord(dir))).state;
  } catch {
    return (
      `backfill: run ${runId} was resumed already, as run ${next.runId}, whose folder ${dir} cannot be read. Nothing was started. ` +
      `If that run never ran, remove ${path.join(runDir, RESUMED_BY_FILE)} and resume again.\n`
    );
  }
  return (
    `backfill: run ${runId} was resumed already, as run ${next.runId} (${state}); resuming ${runId} again would run again what ${next.runId} did. ` +
    `Nothing was started. Resume that run instead: backfill resume ${next.runId}\n`
  );
}
