import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this package's package.json: the stage apps (jobs/) are resolved against it.
 *  Works from the sources (src/config) and from the build (dist/src/config). */
export function findProjectRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'backfill') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`backfill's package.json not found above ${from}`);
    dir = parent;
  }
}
