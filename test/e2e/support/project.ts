import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');
export const PYTHON = path.join(PROJECT_ROOT, '.venv', 'bin', 'python');
export const SPARK_SUBMIT = path.join(PROJECT_ROOT, 'scripts', 'spark_submit.sh');

export function scratchDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `backfill-${prefix}-`));
}
