import { UsageError } from './args.js';
import { ATTACH_USAGE, attachCommand } from './attach.js';
import { HISTORY_USAGE, historyCommand } from './history.js';
import { LOGS_USAGE, logsCommand } from './logs.js';
import { RESUME_USAGE, resumeCommand } from './resume.js';
import { SHOW_USAGE, showCommand } from './show.js';
import { EXIT_CODES } from '../../runner/run/exit-code.js';
import { terminalSafeLines } from '../../text/terminal-safe.js';

interface Subcommand {
  usage: string;
  run(args: string[]): number | Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  attach: { usage: ATTACH_USAGE, run: (args) => attachCommand(args) },
  resume: { usage: RESUME_USAGE, run: (args) => resumeCommand(args) },
  history: { usage: HISTORY_USAGE, run: (args) => historyCommand(args) },
  logs: { usage: LOGS_USAGE, run: (args) => logsCommand(args) },
  show: { usage: SHOW_USAGE, run: (args) => showCommand(args) },
};

export function isSubcommand(word: string | undefined): word is string {
  return word !== undefined && Object.hasOwn(SUBCOMMANDS, word);
}

/** Runs `backfill <name> ...args`; resolves to the exit code (2 for a usage error). */
export async function runSubcommand(name: string, args: string[]): Promise<number> {
  const subcommand = SUBCOMMANDS[name]!;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`Usage: ${subcommand.usage}\nSee backfill --help.\n`);
    return EXIT_CODES.succeeded;
  }
  try {
    return await subcommand.run(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(terminalSafeLines(`backfill ${name}: ${error.message}\n`));
    return EXIT_CODES.usage;
  }
}
