import { findRun } from '../../lifecycle/find-run.js';
import { judgeRun } from '../../lifecycle/host-info.js';
import { readNotifications } from '../../lifecycle/notify.js';
import { readAttempts } from '../../lifecycle/retrying-stage.js';
import { buildRunReport, formatRunReport } from '../../lifecycle/run-report.js';
import { terminalSafeJson, terminalSafeLines } from '../../text/terminal-safe.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError, runIdProblem } from './args.js';
import { EXIT_CODES } from '../../runner/run/exit-code.js';

export const SHOW_USAGE = 'backfill show <run-id> [--json] [--runs-dir DIR]';

/** A readable report of one run: parameters, stages, commits, coverage, notifications and how to roll back. */
export async function showCommand(args: string[], io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...RUNS_DIR_OPTION, json: { type: 'boolean' } }, SHOW_USAGE);
  const [runId, extra] = positionals;
  if (!runId || extra) throw new UsageError(runIdProblem(extra, SHOW_USAGE));
  const found = findRun(runsDirFrom(values['runs-dir']), runId);
  if (typeof found === 'string') {
    io.err.write(terminalSafeLines(`backfill: ${found}\n`));
    return EXIT_CODES.usage;
  }
  const judged = await judgeRun(found.dir, found.record);
  const report = buildRunReport(found.record, judged.state, judged.host, { notifications: readNotifications(found.dir), attempts: readAttempts(found.dir) });
  io.out.write(values.json ? `${terminalSafeJson(JSON.stringify(report, null, 2))}\n` : formatRunReport(report, (process.stdout.columns || 100) - 2));
  return EXIT_CODES.succeeded;
}
