import path from 'node:path';
import { z } from 'zod';
import { isoTime } from '../runner/folder/run-record-schema.js';
import { parseJson } from '../runner/folder/validated-json.js';
import { readBoundedFile } from '../runner/folder/bounded-file.js';
import { writeFileAtomic } from '../runner/folder/atomic-file.js';

// A resumed run points to the run that resumed it (`resumed-by.json` in its folder), so that it is not resumed
// a second time (which would run again what its successor did) and attach sends the operator on to the successor.

export const RESUMED_BY_FILE = 'resumed-by.json';

/** resumed-by.json: the run that resumed this one. Its id names a folder beside this run's, so no `..`. */
export const successorSchema = z.looseObject({
  runId: z.string().regex(/^[\w.-]+$/).refine((id) => id !== '.' && id !== '..', 'not a run id'),
  /** Where the successor's folder is (the runs dir it was started with). */
  runsDir: z.string().min(1),
  at: isoTime,
});
export type Successor = z.infer<typeof successorSchema>;

export type SuccessorRecord = { kind: 'none' } | { kind: 'resumed'; successor: Successor } | { kind: 'unreadable'; file: string; reason: string };

export function readSuccessor(runDir: string): SuccessorRecord {
  const file = path.join(runDir, RESUMED_BY_FILE);
  let text: string;
  try {
    text = readBoundedFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', file, reason: (error as Error).message };
  }
  try {
    return { kind: 'resumed', successor: parseJson(text, successorSchema, RESUMED_BY_FILE) };
  } catch (error) {
    return { kind: 'unreadable', file, reason: (error as Error).message };
  }
}

/** Records, in the folder of the resumed run, the run that resumed it: once that run has started. */
export function recordSuccessor(runDir: string, runId: string, runsDir: string): void {
  const successor: Successor = { runId, runsDir, at: new Date().toISOString() };
  writeFileAtomic(path.join(runDir, RESUMED_BY_FILE), `${JSON.stringify(successor)}\n`);
}

export function successorDir(successor: Successor): string {
  return path.join(successor.runsDir, successor.runId);
}
