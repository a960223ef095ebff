import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_RUNS_DIR } from '../../config/defaults.js';
import { shown } from '../../config/shown.js';

export const RUNS_DIR_OPTION = { 'runs-dir': { type: 'string' } } as const;

export class UsageError extends Error {}

/** Parses a subcommand's arguments strictly; an unknown flag is a usage error naming it. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const reason = shown((error as Error).message.replace(/\. To specify.*$/s, '').replace(/\.$/, ''), 120);
    throw new UsageError(`${reason}. Usage: ${usage}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice; give it once. Usage: ${usage}`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

export function runsDirFrom(value: string | boolean | undefined): string {
  // path.resolve('') is the current folder: an empty value (an unset variable) is refused, not read as that.
  if (value === '') throw new UsageError('--runs-dir is empty; give it a folder (--runs-dir <dir>) or leave the flag out for its default.');
  return path.resolve(typeof value === 'string' ? value : DEFAULT_RUNS_DIR);
}
