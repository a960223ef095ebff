import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderError, makeFolders, nearestFolder } from '../../../src/runner/folder/make-folders.js';
import { createRunFolder } from '../../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';

const tempDir = useTempDirs();

function refusal(make: () => unknown): FolderError {
  try {
    make();
  } catch (error) {
    if (error instanceof FolderError) return error;
    throw error;
  }
  throw new Error('made');
}

describe('making folders', () => {
  it('makes the missing levels below the nearest folder, each with the mode asked for', () => {
    const dir = tempDir();
    const deep = path.join(dir, 'a', 'b', 'c');
    expect(makeFolders(deep, 0o700)).toEqual([path.join(dir, 'a'), path.join(dir, 'a', 'b'), deep]);
    expect(fs.statSync(path.join(dir, 'a')).mode & 0o777).toBe(0o700);
    expect(makeFolders(deep)).toEqual([]);
    expect(nearestFolder(path.join(deep, 'x', 'y'))).toEqual({ existing: deep, missing: [path.join(deep, 'x'), path.join(deep, 'x', 'y')] });
  });

  it('ends with a reason where the file system takes no new folder, as /proc, which Node\'s recursive mkdir loops on', () => {
    for (const dir of ['/proc/backfill-x', '/proc/self/backfill-x', '/proc/backfill-x/y']) {
      const error = refusal(() => makeFolders(dir));
      expect(error.message).toMatch(/^\/proc\/\S*backfill-x cannot be made \(a kernel file system such as \/proc\)$/);
    }
  });

  it('names what is in the way: a FIFO, a file above, a link to nothing', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    fs.writeFileSync(path.join(dir, 'file'), '');
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    expect(refusal(() => makeFolders(path.join(dir, 'fifo'))).message).toBe(`${path.join(dir, 'fifo')} is a FIFO (named pipe), not a folder`);
    expect(refusal(() => makeFolders(path.join(dir, 'file', 'x', 'y'))).message).toBe(`${path.join(dir, 'file')} is a file, not a folder`);
    expect(refusal(() => makeFolders(path.join(dir, 'dangling', 'x'))).message).toBe(`${path.join(dir, 'dangling')} is a link to nothing`);
    expect(fs.readdirSync(dir).sort()).toEqual(['dangling', 'fifo', 'file']);
  });

  it('creates a run folder through it: a FIFO in the runs dir\'s place is named, not a raw EEXIST', () => {
    const runsDir = path.join(tempDir(), 'runs');
    execFileSync('mkfifo', [runsDir]);
    expect(() => createRunFolder(runsDir, '20261124-011530-abcd')).toThrow(`${runsDir} is a FIFO (named pipe), not a folder`);
  });
});
