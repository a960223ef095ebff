import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_RUNS_DIR } from '../../config/defaults.js';
import { argvProblem, camelCase, type FlagSpec } from '../../config/argv-check.js';
import { shown } from '../../config/shown.js';

export const RUNS_DIR_OPTION = { 'runs-dir': { type: 'string' } } as const;

export class UsageError extends Error {}

/** Parses a subcommand's arguments strictly; an unknown flag is a usage error naming it. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  // The flags are checked as a backfill's are (one sentence with its fix), before parseArgs, whose messages span
  // lines and which refuses any value that starts with a dash.
  const program = /^backfill [a-z]+/.exec(usage)?.[0] ?? 'backfill';
  const problem = argvProblem(args, flagSpecOf(options), program, 'parseArgs');
  if (problem) throw new UsageError(`${problem.replace(/ See backfill --help\.$/, '')} Usage: ${usage}`);
  let parsed;
  try {
    parsed = parseArgs({ args: withInlineValues(args, options), options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const reason = shown((error as Error).message.replace(/\. To specify.*$/s, '').replace(/\.$/, ''), 120);
    throw new UsageError(`${reason}. Usage: ${usage}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || (Object.hasOwn(options, token.name) && options[token.name]?.multiple)) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice; give it once. Usage: ${usage}`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

function flagSpecOf(options: NonNullable<ParseArgsConfig['options']>): FlagSpec {
  return Object.fromEntries(
    Object.entries(options).map(([name, option]) => [camelCase(name), { type: option.type, isMultiple: option.multiple === true }]),
  );
}

/** `--flag value` as `--flag=value` for string flags, so that a value argvProblem let through (`--chunk -1d`
 *  is left to the flag's own check) reaches it as the value. */
function withInlineValues(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const result: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') return [...result, ...args.slice(index)];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && Object.hasOwn(options, name) && options[name]?.type === 'string' && index + 1 < args.length) {
      result.push(`${arg}=${args[index + 1]!}`);
      index++;
    } else {
      result.push(arg);
    }
  }
  return result;
}

/** A command that takes one run id got none, or a second word (`extra`). */
export function runIdProblem(extra: string | undefined, usage: string): string {
  return extra === undefined ? `name one run. Usage: ${usage}` : `one run id only; ${shown(extra)} is one word too many. Usage: ${usage}`;
}

export function runsDirFrom(value: string | boolean | undefined): string {
  // path.resolve('') is the current folder: an empty value (an unset variable) is refused, not read as that.
  if (value === '') throw new UsageError('--runs-dir is empty; give it a folder (--runs-dir <dir>) or leave the flag out for its default.');
  return path.resolve(typeof value === 'string' ? value : DEFAULT_RUNS_DIR);
}
