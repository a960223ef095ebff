import { USAGE_EXIT_CODE } from '../report-issues.js';
import { UsageError } from './args.js';
import { attachCommand } from './attach.js';
import { historyCommand } from './history.js';
import { logsCommand } from './logs.js';
import { resumeCommand } from './resume.js';

const SUBCOMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  attach: (args) => attachCommand(args),
  resume: (args) => resumeCommand(args),
  history: (args) => historyCommand(args),
  logs: (args) => logsCommand(args),
};

export function isSubcommand(word: string | undefined): word is string {
  return word !== undefined && Object.hasOwn(SUBCOMMANDS, word);
}

/** Runs `backfill <name> ...args`; resolves to the exit code (2 for a usage error). */
export async function runSubcommand(name: string, args: string[]): Promise<number> {
  try {
    return await SUBCOMMANDS[name]!(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`backfill ${name}: ${error.message}\n`);
    return USAGE_EXIT_CODE;
  }
}
