import { terminalSafeLines } from '../../text/terminal-safe.js';
import { shown } from '../../config/shown.js';
import { formatHistory, formatHistoryJson, listHistory } from '../../lifecycle/run-history.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError } from './args.js';
import { EXIT_CODES } from '../../runner/run/exit-code.js';

export const HISTORY_USAGE = 'backfill history [--json] [--runs-dir DIR]';

export async function historyCommand(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...RUNS_DIR_OPTION, json: { type: 'boolean' } }, HISTORY_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${shown(String(positionals[0]))}". Usage: ${HISTORY_USAGE}`);
  const entries = await listHistory(runsDirFrom(values['runs-dir']), new Date(), undefined, (broken) =>
    // The reason names the run's files escaped already (RecordFileError, InvalidRecordError): escaped again, a
    // path's `\x1b` would read `\\x1b`.
    err.write(terminalSafeLines(`backfill: skipped run ${shown(broken.id)}: ${broken.reason}\n`)),
  );
  out.write(values.json ? formatHistoryJson(entries) : formatHistory(entries));
  return EXIT_CODES.succeeded;
}
