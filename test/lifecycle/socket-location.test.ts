import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlSocketFor } from '../../src/lifecycle/socket-location.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe("the control socket's folder", () => {
  it('is made private, levels above it included, under a BACKFILL_SOCKET_DIR that does not exist yet', () => {
    const dir = path.join(tempDir(), 'a', 'sockets');
    expect(controlSocketFor('run-1', { BACKFILL_SOCKET_DIR: dir })).toEqual({ ok: true, path: path.join(dir, 'run-1.sock') });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('passes over a BACKFILL_SOCKET_DIR under /proc, where no folder can be made, rather than loop on making it', { timeout: 5_000 }, () => {
    const found = controlSocketFor('run-1', { BACKFILL_SOCKET_DIR: '/proc/backfill-sockets' });
    expect(found.ok && found.path).not.toMatch(/^\/proc\//);
  });
});
