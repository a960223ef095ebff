import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_RUNS_DIR } from '../../config/defaults.js';

export const RUNS_DIR_OPTION = { 'runs-dir': { type: 'string' } } as const;

export class UsageError extends Error {}

/** Parses a subcommand's arguments strictly; an unknown flag is a usage error naming it. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}.\nUsage: ${usage}`);
  }
}

export function runsDirFrom(value: string | boolean | undefined): string {
  return path.resolve(typeof value === 'string' ? value : DEFAULT_RUNS_DIR);
}
