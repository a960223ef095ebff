import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogFollower } from '../../../src/runner/process/log-follower.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe('LogFollower', () => {
  it('hands on what is appended from its start position, and everything once finished', async () => {
    const file = path.join(tempDir(), 'bronze.log');
    fs.writeFileSync(file, 'an earlier attempt\n');
    const seen: string[] = [];
    const follower = new LogFollower(file, fs.statSync(file).size, (chunk) => seen.push(chunk.toString()), { busyMs: 1, idleMs: 5 });
    follower.start();
    fs.appendFileSync(file, 'one\n');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen.join('')).toBe('one\n');
    for (let i = 0; i < 1000; i++) fs.appendFileSync(file, `line ${i}\n`);
    await follower.finish();
    expect(seen.join('').split('\n').filter(Boolean)).toHaveLength(1001);
  });

  it('reads a file larger than one read in pieces, and loses nothing', async () => {
    const file = path.join(tempDir(), 'big.log');
    const text = 'x'.repeat(99) + '\n';
    fs.writeFileSync(file, text.repeat(50_000)); // 5 MB
    let bytes = 0;
    const follower = new LogFollower(file, 0, (chunk) => (bytes += chunk.length), { chunkBytes: 64 * 1024, bytesPerTurn: 256 * 1024 });
    follower.start();
    await follower.finish();
    expect(bytes).toBe(5_000_000);
  });
});
