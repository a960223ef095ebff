import path from 'node:path';
import { z } from 'zod';

// Names that become one segment of a path (run ids, stage names, chunk ids) and the one join that uses them:
// whatever a command line or a record says, a path built here stays inside its folder.

/** One path segment: letters, digits, `_`, `-` and `.`, not starting with a dot (so never `.`, `..` or hidden). */
const FOLDER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function isFolderName(name: string): boolean {
  return FOLDER_NAME.test(name);
}

/** A run id, stage name or chunk id as read from disk: usable as one path segment. */
export const folderNameSchema = z.string().regex(FOLDER_NAME, 'expected a name of letters, digits, _ - . (not starting with a dot)');

/** A path below `base` that would resolve outside it (`..`, an absolute segment, a `/` in a name). */
export class PathEscapeError extends Error {}

/** `base` joined with `segments`, refused when the result is not strictly inside `base`. */
export function joinWithin(base: string, ...segments: string[]): string {
  const root = path.resolve(base);
  const joined = path.resolve(root, ...segments);
  const relative = path.relative(root, joined);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) || segments.some((segment) => segment.includes('\0'))) {
    throw new PathEscapeError(`${JSON.stringify(segments.join('/'))} is not a path inside ${root}`);
  }
  return joined;
}
