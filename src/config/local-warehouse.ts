import path from 'node:path';
import { FolderError, nearestFolder, newFolderRefusal } from '../runner/folder/make-folders.js';
import { shown } from './shown.js';

/** Kernel file systems: /proc and /sys take no folders (or refuse them), and /dev holds device nodes in memory. */
const KERNEL_FOLDERS = ['/dev', '/proc', '/sys'];

/**
 * Why a local warehouse cannot be had, as a whole message naming --warehouse and the fix, or undefined. `folder`
 * is the warehouse's real path (symlinks resolved as far as it exists), named beside `given` when it reads otherwise. A folder that exists is taken as it is
 * (nothing is tried inside it: a stray folder there would read as a namespace); one that does not must be
 * makeable, tried in its nearest existing folder, so that no lock is taken for a warehouse that cannot be made.
 */
export function localWarehouseProblem(folder: string, given: string, cwd: string): string | undefined {
  const named = `--warehouse ${shown(given)}${path.resolve(cwd, given) === folder ? '' : ` (${shown(folder)})`}`;
  const kernel = KERNEL_FOLDERS.find((top) => folder === top || folder.startsWith(`${top}/`));
  if (kernel) {
    return `${named} is under ${kernel}, a kernel file system, not a disk: a warehouse there cannot be made or would not be kept; give a folder on a disk, e.g. --warehouse /data/warehouse.`;
  }
  let existing: string;
  try {
    const nearest = nearestFolder(folder);
    if (nearest.missing.length === 0) return undefined;
    existing = nearest.existing;
  } catch (error) {
    if (!(error instanceof FolderError)) throw error;
    return `${named}: ${shown(error.folder)} ${error.reason}; give a folder, or a path where one can be made.`;
  }
  const refusal = newFolderRefusal(existing);
  return refusal && `${named}: ${shown(existing)} does not take new folders (${refusal}); pick a folder you can write to.`;
}
