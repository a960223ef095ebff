import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalWarehouseUri } from '../../src/config/warehouse-uri.js';
import { acquireWarehouseLock, lockFileFor, releaseWarehouseLock, resolvedWarehouse, transferLock } from '../../src/lifecycle/warehouse-lock.js';
import { MARKER_NAME } from '../../src/lifecycle/warehouse-marker.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { plantUnixSocket } from '../fixtures/unix-socket.js';

const tempDir = useTempDirs();

async function take(warehouse: string, runId: string, options: Parameters<typeof acquireWarehouseLock>[2] = {}) {
  return acquireWarehouseLock(warehouse, runId, { lockDir: path.join(tempDir(), 'locks'), ...options });
}

describe('the canonical warehouse', () => {
  it('is one spelling per warehouse', () => {
    const root = '/srv/backfill';
    expect(resolvedWarehouse({ warehouse: 'warehouse/', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 'file:///srv/backfill/warehouse', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 'file:/srv/backfill/warehouse/', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: '/srv/backfill/./x/../warehouse', projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ warehouse: 's3a://lake/aq/', projectRoot: root }, {})).toBe('s3a://lake/aq');
    expect(resolvedWarehouse({ warehouse: 'HDFS://NameNode:8020//lake/aq/', projectRoot: root }, {})).toBe('hdfs://namenode:8020/lake/aq');
    // No --warehouse: the submit wrapper's WAREHOUSE_URI, else its default <project>/warehouse.
    expect(resolvedWarehouse({ projectRoot: root }, {})).toBe('file:///srv/backfill/warehouse');
    expect(resolvedWarehouse({ projectRoot: root }, { WAREHOUSE_URI: 'hdfs://nn/wh' })).toBe('hdfs://nn/wh');
    expect(lockFileFor('s3a://lake/aq', '/locks')).not.toBe(lockFileFor('s3a://lake/other', '/locks'));
  });

  it('resolves symlinks, so a link to the warehouse is the warehouse', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    expect(canonicalWarehouseUri(path.join(dir, 'link', 'wh'), '/')).toBe(canonicalWarehouseUri(`file://${path.join(dir, 'real', 'wh')}/`, '/'));
  });
});

describe('the warehouse lock', () => {
  it('is held by one run at a time, handed to its host, and released only by its run', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    const first = await take('s3a://lake/aq', 'run-a', { lockDir });
    if (!first.ok) throw new Error(first.message);
    const second = await take('s3a://lake/aq', 'run-b', { lockDir });
    expect(second).toMatchObject({ ok: false, message: expect.stringContaining(`run run-a is writing to s3a://lake/aq (pid ${process.pid}`) });

    await transferLock(first.lock, process.ppid);
    expect(JSON.parse(fs.readFileSync(first.lock.file, 'utf8'))).toMatchObject({ runId: 'run-a', pid: process.ppid, host: os.hostname() });
    await releaseWarehouseLock({ ...first.lock, runId: 'run-b' });
    expect(fs.existsSync(first.lock.file)).toBe(true);
    await releaseWarehouseLock(first.lock);
    expect((await take('s3a://lake/aq', 'run-b', { lockDir })).ok).toBe(true);
  });

  it('keeps a marker in a file:// warehouse that a console with another lock folder (another machine) sees', async () => {
    const warehouse = `file://${tempDir()}`;
    const here = await take(warehouse, 'run-a', { hostname: 'edge-1', mode: 'detached' });
    if (!here.ok) throw new Error(here.message);
    const marker = path.join(warehouse.slice(7), MARKER_NAME);
    expect(JSON.parse(fs.readFileSync(marker, 'utf8'))).toMatchObject({ runId: 'run-a', host: 'edge-1', pid: process.pid });

    // The second edge node shares the warehouse (NFS, HDFS) but not the machine lock.
    const there = await take(warehouse, 'run-b', { hostname: 'edge-2' });
    expect(there.ok).toBe(false);
    expect(!there.ok && there.message).toMatch(/run run-a on host edge-1 is writing to .*\n.*on edge-1: backfill attach run-a\n.*--force-unlock/);

    await releaseWarehouseLock(here.lock);
    expect(fs.existsSync(marker)).toBe(false);
    expect((await take(warehouse, 'run-b', { hostname: 'edge-2' })).ok).toBe(true);
  });

  it('never takes over another machine\'s marker as stale; --force-unlock does, and says so', async () => {
    const dir = tempDir();
    const warehouse = `file://${dir}`;
    fs.writeFileSync(path.join(dir, MARKER_NAME), JSON.stringify({ runId: 'gone', host: 'edge-9', pid: 999999, warehouse, since: '2026-01-01T00:00:00Z' }));
    expect((await take(warehouse, 'run-a')).ok).toBe(false);
    const forced = await take(warehouse, 'run-a', { forceUnlock: true });
    if (!forced.ok) throw new Error(forced.message);
    expect(forced.notices.join('')).toContain('--force-unlock: removed the lock of run gone on host edge-9');
  });

  it('takes over this machine\'s marker once the machine lock is free (its run is over)', async () => {
    const dir = tempDir();
    const warehouse = `file://${dir}`;
    fs.writeFileSync(path.join(dir, MARKER_NAME), JSON.stringify({ runId: 'old', host: os.hostname(), pid: 999999, warehouse, since: '2026-01-01T00:00:00Z' }));
    expect((await take(warehouse, 'run-a')).ok).toBe(true);
  });

  it('names a holder whose lock file holds escape sequences and bidi controls without them', async () => {
    const dir = tempDir();
    const warehouse = `file://${dir}`;
    const evil = '\u001b]0;owned\u0007\u001b[2J\u202e';
    const holder = { runId: `old${evil}`, host: `edge-9${evil}`, pid: 999999, warehouse: `${warehouse}${evil}`, since: '2026-01-01T00:00:00Z', user: `eve${evil}` };
    fs.writeFileSync(path.join(dir, MARKER_NAME), JSON.stringify(holder));
    const refused = await take(warehouse, 'run-a');
    if (refused.ok) throw new Error('took a lock another machine holds');
    expect(refused.message).toContain('run old on host edge-9');
    expect(refused.message).not.toMatch(/[\u001b\u0007\u202e]/);
    const forced = await take(warehouse, 'run-a', { forceUnlock: true });
    if (!forced.ok) throw new Error(forced.message);
    expect(forced.notices.join('')).toContain('removed the lock of run old on host edge-9');
    expect(forced.notices.join('')).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('asks for --force-unlock when the marker cannot be read', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, MARKER_NAME), 'garbage');
    const refused = await take(`file://${dir}`, 'run-a');
    expect(!refused.ok && refused.message).toMatch(/is not a backfill lock.*\n.*--force-unlock/);
  });
});

describe('something that is not a file in the machine lock\'s place', () => {
  it('is refused with and without --force-unlock, naming its path and the fix, and nothing is left behind', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    fs.mkdirSync(lockDir);
    const file = lockFileFor('s3a://lake/aq', lockDir);
    const plants: Array<[string, () => void]> = [
      ['a folder', () => fs.mkdirSync(file)],
      ['a FIFO (named pipe)', () => execFileSync('mkfifo', [file])],
      ['a socket', () => plantUnixSocket(file)],
    ];
    for (const [kind, plant] of plants) {
      plant();
      for (const forceUnlock of [false, true]) {
        expect(await take('s3a://lake/aq', 'run-a', { lockDir, forceUnlock })).toEqual({
          ok: false,
          message:
            `backfill: the machine lock of s3a://lake/aq, ${file}, is ${kind}, not a lock file backfill writes, so the warehouse may be in use; --force-unlock removes only a lock file.\n` +
            `If no backfill writes to s3a://lake/aq, move it aside and start again: mv ${file} ${file}.aside\n`,
        });
        // Nothing renamed, removed or left beside it (a `.stale` of this process).
        expect(fs.readdirSync(lockDir)).toEqual([path.basename(file)]);
      }
      fs.renameSync(file, `${file}.aside`);
      const taken = await take('s3a://lake/aq', 'run-a', { lockDir });
      if (!taken.ok) throw new Error(taken.message);
      await releaseWarehouseLock(taken.lock);
      fs.rmSync(`${file}.aside`, { recursive: true });
    }
  });
});

describe("something that is not a file in the warehouse marker's place", () => {
  it('is refused with and without --force-unlock, left where it is, and the machine lock let go', async () => {
    const dir = tempDir();
    const marker = path.join(dir, MARKER_NAME);
    const lockDir = path.join(tempDir(), 'locks');
    fs.mkdirSync(lockDir);
    const plants: Array<[string, () => void, (stat: fs.Stats) => boolean]> = [
      ['a folder', () => fs.mkdirSync(marker), (stat) => stat.isDirectory()],
      ['a FIFO (named pipe)', () => execFileSync('mkfifo', [marker]), (stat) => stat.isFIFO()],
      ['a socket', () => plantUnixSocket(marker), (stat) => stat.isSocket()],
    ];
    for (const [kind, plant, still] of plants) {
      plant();
      for (const forceUnlock of [false, true]) {
        expect(await take(`file://${dir}`, 'run-a', { lockDir, forceUnlock })).toEqual({
          ok: false,
          message:
            `backfill: the lock in the warehouse file://${dir}, ${marker}, is ${kind}, not a lock file backfill writes, so the warehouse may be in use; --force-unlock removes only a lock file.\n` +
            `If no backfill writes to file://${dir}, move it aside and start again: mv ${marker} ${marker}.aside\n`,
        });
        expect(still(fs.lstatSync(marker))).toBe(true);
        expect(fs.readdirSync(lockDir)).toEqual([]);
      }
      fs.renameSync(marker, `${marker}.aside`);
      const taken = await take(`file://${dir}`, 'run-a', { lockDir });
      if (!taken.ok) throw new Error(taken.message);
      await releaseWarehouseLock(taken.lock);
      fs.rmSync(`${marker}.aside`, { recursive: true });
    }
  });
});

describe('one liveness rule: a lock is stale only when its owner (pid with that start time) is gone', () => {
  it('refuses a live run\'s marker of this machine to a console with another lock folder, even with --force-unlock', async () => {
    const warehouse = `file://${tempDir()}`;
    const first = await take(warehouse, 'run-a', { lockDir: path.join(tempDir(), 'locks-of-user-a'), mode: 'detached' });
    if (!first.ok) throw new Error(first.message);
    // Another user's BACKFILL_LOCK_DIR, a PrivateTmp unit, a container with the same hostname: same host, no shared machine lock.
    for (const forceUnlock of [false, true]) {
      const second = await take(warehouse, 'run-b', { lockDir: path.join(tempDir(), 'locks-of-user-b'), forceUnlock });
      expect(!second.ok && second.message).toContain(`run run-a is writing to ${warehouse} (pid ${process.pid}`);
    }
    expect(JSON.parse(fs.readFileSync(first.lock.marker!, 'utf8'))).toMatchObject({ runId: 'run-a', pid: process.pid });
  });

  it('hands the marker to the runner host too, so it does not look stale once the launcher has gone', async () => {
    const warehouse = `file://${tempDir()}`;
    const first = await take(warehouse, 'run-a', { mode: 'detached' });
    if (!first.ok) throw new Error(first.message);
    expect(await transferLock(first.lock, process.ppid)).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(first.lock.marker!, 'utf8'))).toMatchObject({ runId: 'run-a', pid: process.ppid, mode: 'detached' });
    const second = await take(warehouse, 'run-b', { lockDir: path.join(tempDir(), 'other-locks') });
    expect(!second.ok && second.message).toContain(`run run-a is writing to ${warehouse} (pid ${process.ppid}`);
  });

  it.each([
    ['garbage', 'not json'],
    ['empty', ''],
  ])('keeps a %s machine lock (it proves nothing) and asks for --force-unlock, as for a marker', async (_kind, content) => {
    const lockDir = path.join(tempDir(), 'locks');
    fs.mkdirSync(lockDir);
    const file = lockFileFor('s3a://lake/aq', lockDir);
    fs.writeFileSync(file, content);
    const refused = await take('s3a://lake/aq', 'run-a', { lockDir });
    expect(!refused.ok && refused.message).toBe(
      `backfill: ${file} exists but is not a backfill lock this version can read, so s3a://lake/aq may be in use (an unreadable lock never proves its run is over).\n` +
        'If no backfill writes to it, clear the lock by adding --force-unlock.\n',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    const forced = await take('s3a://lake/aq', 'run-a', { lockDir, forceUnlock: true });
    if (!forced.ok) throw new Error(forced.message);
    expect(forced.notices).toEqual([`backfill: --force-unlock: removed the unreadable lock ${file}.\n`]);
    expect(forced.tookOverFrom).toBeUndefined(); // nothing is stopped on an unreadable record's word
  });

  it('takes a live pid without a start time for nothing: refused, and --force-unlock clears it', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    fs.mkdirSync(lockDir);
    const file = lockFileFor('s3a://lake/aq', lockDir);
    fs.writeFileSync(file, JSON.stringify({ runId: 'old', host: os.hostname(), pid: 1, warehouse: 's3a://lake/aq', since: '2026-01-01T00:00:00Z' }));
    const refused = await take('s3a://lake/aq', 'run-a', { lockDir });
    expect(!refused.ok && refused.message).toMatch(/run old may be writing to s3a:\/\/lake\/aq .*pid 1 lives, but the record has no start time.*\n.*\n.*--force-unlock/);
    const forced = await take('s3a://lake/aq', 'run-a', { lockDir, forceUnlock: true });
    expect(forced.ok && forced.tookOverFrom).toBeUndefined();
  });

  it('tells how to follow a headless run (no runner host to attach to), and how to attach to a detached one', async () => {
    const lockDir = path.join(tempDir(), 'locks');
    const headless = await take('s3a://lake/a', 'run-h', { lockDir, mode: 'foreground' });
    const detached = await take('s3a://lake/b', 'run-d', { lockDir, mode: 'detached' });
    if (!headless.ok || !detached.ok) throw new Error('not taken');
    const onHeadless = await take('s3a://lake/a', 'run-x', { lockDir });
    expect(!onHeadless.ok && onHeadless.message).toContain('It runs headless (no runner host to attach to). To follow it: backfill logs run-h --follow\n');
    expect(!onHeadless.ok && onHeadless.message).not.toContain('backfill attach');
    const onDetached = await take('s3a://lake/b', 'run-x', { lockDir });
    expect(!onDetached.ok && onDetached.message).toContain('To watch it: backfill attach run-d\n');
  });

  it("names the holder's runs dir in the command, so it works from another console's folder", async () => {
    const lockDir = path.join(tempDir(), 'locks');
    const held = await take('s3a://lake/c', 'run-r', { lockDir, mode: 'foreground', runsDir: "/srv/backfill/ops' runs" });
    if (!held.ok) throw new Error('not taken');
    const refused = await take('s3a://lake/c', 'run-x', { lockDir });
    expect(!refused.ok && refused.message).toContain(`To follow it: backfill logs run-r --runs-dir '/srv/backfill/ops'\\'' runs' --follow\n`);
  });
});

describe('a local warehouse whose folder cannot be made', () => {
  // Node's recursive mkdir loops for ever on /proc/x (mkdir /proc/x: ENOENT, mkdir /proc: EEXIST, again), with the
  // machine lock taken: the marker's folder is made level by level, and the machine lock let go when it fails.
  it.each(['file:///proc/backfill-wh', 'file:///proc/self/backfill-wh'])('refuses %s in words, and leaves no machine lock', { timeout: 5_000 }, async (warehouse) => {
    const lockDir = path.join(tempDir(), 'locks');
    const refused = await take(warehouse, 'run-a', { lockDir });
    expect(!refused.ok && refused.message).toMatch(
      /^backfill: could not take the lock in the warehouse \(\/proc\/\S+\/\.backfill-lock\.json\): \/proc\/\S*backfill-wh cannot be made \(a kernel file system such as \/proc\)\nCheck that/,
    );
    expect(fs.readdirSync(lockDir)).toEqual([]);
  });

  it('names a FIFO in the warehouse\'s place, and leaves no machine lock', async () => {
    const fifo = path.join(tempDir(), 'wh');
    execFileSync('mkfifo', [fifo]);
    const lockDir = path.join(tempDir(), 'locks');
    const refused = await take(`file://${fifo}`, 'run-a', { lockDir });
    expect(!refused.ok && refused.message).toContain(`: ${fifo} is a FIFO (named pipe), not a folder\n`);
    expect(fs.readdirSync(lockDir)).toEqual([]);
  });
});

describe('the lock folder (BACKFILL_LOCK_DIR)', () => {
  it('accepts a symlink to a folder', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    const taken = await take('s3a://lake/aq', 'run-a', { lockDir: path.join(dir, 'link') });
    expect(taken.ok).toBe(true);
  });

  it.each([
    ['a file', (dir: string) => (fs.writeFileSync(path.join(dir, 'f'), ''), path.join(dir, 'f')), () => 'is a file, not a folder'],
    ['below a file', (dir: string) => (fs.writeFileSync(path.join(dir, 'f'), ''), path.join(dir, 'f', 'locks')), (lockDir: string) => `is below ${path.dirname(lockDir)}, which is a file, not a folder`],
  ])('refuses %s in one line naming BACKFILL_LOCK_DIR and the fix', async (_kind, make, what) => {
    const lockDir = make(tempDir());
    const refused = await acquireWarehouseLock('s3a://lake/aq', 'run-a', { env: { BACKFILL_LOCK_DIR: lockDir } });
    expect(!refused.ok && refused.message).toBe(
      `backfill: BACKFILL_LOCK_DIR=${lockDir} ${what(lockDir)}: set BACKFILL_LOCK_DIR to a folder (or unset it to use /tmp/backfill-locks). Nothing was started.\n`,
    );
  });
});

describe('the warehouse lock on HDFS (WebHDFS)', () => {
  it('creates the marker atomically, refuses a second machine, and removes it at the end', async () => {
    const { startFakeWebHdfs } = await import('../fixtures/fake-webhdfs.js');
    const webhdfs = await startFakeWebHdfs();
    try {
      const env = { BACKFILL_WEBHDFS_URL: webhdfs.url, PATH: '', HADOOP_USER_NAME: 'etl' };
      const warehouse = 'hdfs://namenode:8020/lake/aq';
      const one = await take(warehouse, 'run-a', { hostname: 'edge-1', env });
      if (!one.ok) throw new Error(one.message);
      expect(JSON.parse(webhdfs.files.get(`/lake/aq/${MARKER_NAME}`)!)).toMatchObject({ runId: 'run-a', host: 'edge-1' });
      const two = await take(warehouse, 'run-b', { hostname: 'edge-2', env });
      expect(!two.ok && two.message).toContain('run run-a on host edge-1 is writing to hdfs://namenode:8020/lake/aq');
      await releaseWarehouseLock(one.lock, env);
      expect(webhdfs.files.size).toBe(0);
    } finally {
      await webhdfs.close();
    }
  });

  it('reads a marker through WebHDFS only up to the size of a lock: an answer without end is dropped, and the marker named', { timeout: 30_000 }, async () => {
    // A NameNode whose marker exists and whose OPEN streams 64 MB: read whole, that is 64 MB in memory (and
    // with no end, as much as the timeout lets in).
    const sent = { bytes: 0, finished: false };
    const server = createServer((request, response) => {
      const op = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('op');
      if (op === 'CREATE') {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end('{"RemoteException":{"exception":"FileAlreadyExistsException","message":"already exists"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (sent.bytes < 64 * 1024 * 1024 && !response.destroyed) {
          sent.bytes += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end(() => (sent.finished = true));
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { BACKFILL_WEBHDFS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, PATH: '' };
      const started = Date.now();
      const refused = await take('hdfs://namenode:8020/lake/aq', 'run-a', { env });
      expect(!refused.ok && refused.message).toMatch(
        /^backfill: hdfs:\/\/namenode:8020\/lake\/aq\/\.backfill-lock\.json exists but is not a backfill lock this version can read, .*\nIf no backfill writes to it, clear the lock by adding --force-unlock\.\n$/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sent.finished).toBe(false); // the console hung up, well before the end
      expect(sent.bytes).toBeLessThan(32 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses to start when the warehouse cannot be reached, saying so', async () => {
    const refused = await take('hdfs://127.0.0.1:1/wh', 'run-a', { env: { BACKFILL_WEBHDFS_URL: 'http://127.0.0.1:1', PATH: '' } });
    expect(!refused.ok && refused.message).toMatch(/could not take the lock in the warehouse \(hdfs:\/\/127\.0\.0\.1:1\/wh\/\.backfill-lock\.json\)/);
  });
});
