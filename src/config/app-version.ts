import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from './project-root.js';

let cached: string | undefined;

/** This backfill's version, from its package.json; `unknown` if that cannot be read. */
export function appVersion(): string {
  if (cached === undefined) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(findProjectRoot(), 'package.json'), 'utf8')) as { version?: unknown };
      cached = typeof manifest.version === 'string' ? manifest.version : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
