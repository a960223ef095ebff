#!/usr/bin/env node
import './src/cli/production-env.js';
import './src/lifecycle/survive-broken-pipes.js';
import meow from 'meow';
import { EXIT_CODES } from './src/runner/run/exit-code.js';
import { argvProblem } from './src/config/argv-check.js';
import { FLAG_SPEC, HELP_TEXT, optionsFromFlags, type ParsedFlags } from './src/config/flags.js';
import { shown } from './src/config/shown.js';
import { isSubcommand, runSubcommand } from './src/cli/commands/index.js';
import { terminalVerdict } from './src/cli/interactive-terminal.js';
import { main } from './src/cli/main.js';

/** `backfill [options]`: set up and start a run. */
async function startRun(argv: string[]): Promise<number> {
  const problem = argvProblem(argv, FLAG_SPEC);
  if (problem) {
    process.stderr.write(`backfill: ${problem}\nNothing was started.\n`);
    return EXIT_CODES.usage;
  }
  const cli = meow(HELP_TEXT, {
    importMeta: import.meta,
    flags: FLAG_SPEC,
    booleanDefault: undefined,
    allowUnknownFlags: false,
    argv,
  });

  if (cli.input.length > 0) {
    process.stderr.write(`backfill: unexpected argument "${shown(String(cli.input[0]))}"; options start with --. See backfill --help.\n`);
    return EXIT_CODES.usage;
  }

  const flags = cli.flags as ParsedFlags;
  const explicitlyHeadless = Boolean(flags.headless || flags.json || flags.dryRun);
  const terminal = terminalVerdict();
  if (!explicitlyHeadless && !terminal.interactive && terminal.note) process.stderr.write(terminal.note);
  return main({
    options: optionsFromFlags(flags),
    headless: Boolean(flags.headless || flags.json) || !terminal.interactive,
    json: Boolean(flags.json),
    dryRun: Boolean(flags.dryRun),
    yes: Boolean(flags.yes),
    forceUnlock: Boolean(flags.forceUnlock),
  });
}

const [subcommand, ...subcommandArgs] = process.argv.slice(2);
process.exitCode = isSubcommand(subcommand) ? await runSubcommand(subcommand, subcommandArgs) : await startRun(process.argv.slice(2));
