import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/runner/folder/atomic-file.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe('writeFileAtomic', () => {
  it('replaces the file whole, with the mode asked for, and leaves nothing beside it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'launch.json');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, '{"new":true}\n', 0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['launch.json']);
  });

  it('keeps the old file when the new one cannot be put in its place', () => {
    const dir = tempDir();
    const target = path.join(dir, 'run.json');
    fs.mkdirSync(target); // a folder where the file should go: the rename fails
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(fs.statSync(target).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['run.json']);
  });
});
