#!/usr/bin/env node
import './src/cli/production-env.js';
import meow from 'meow';
import { FLAG_SPEC, HELP_TEXT, optionsFromFlags, type ParsedFlags } from './src/config/flags.js';
import { main } from './src/cli/main.js';

const cli = meow(HELP_TEXT, {
  importMeta: import.meta,
  flags: FLAG_SPEC,
  booleanDefault: undefined,
  allowUnknownFlags: false,
});

if (cli.input.length > 0) {
  process.stderr.write(`backfill: unexpected argument "${cli.input[0]}"; options start with --. See backfill --help.\n`);
  process.exit(2);
}

const flags = cli.flags as ParsedFlags;
process.exitCode = await main({
  options: optionsFromFlags(flags),
  headless: Boolean(flags.headless || flags.json) || !process.stdout.isTTY,
  json: Boolean(flags.json),
  dryRun: Boolean(flags.dryRun),
  yes: Boolean(flags.yes),
});
