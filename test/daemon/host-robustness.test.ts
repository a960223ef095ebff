import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProtocolError, SocketRunController } from '../../src/daemon/socket-controller.js';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { readHostInfo } from '../../src/lifecycle/host-info.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { attach, cleanUpHostsAfterEach, launchFakeHost, waitUntil } from './host-harness.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();

/** A raw connection that sends `lines` and collects what the host answers. */
async function rawClient(socketPath: string, lines: string[]) {
  const socket = net.createConnection(socketPath);
  socket.setEncoding('utf8');
  let received = '';
  let closed = false;
  socket.on('data', (text: string) => (received += text));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  for (const line of lines) socket.write(`${line}\n`);
  const messages = () => received.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; message?: string });
  return { socket, messages, isClosed: () => closed };
}

describe('a runner host that clients cannot knock over', () => {
  it('answers null, a command without its command and garbage with errors, and the run goes on', async () => {
    const runsDir = tempDir();
    const run = await launchFakeHost(runsDir, { behaviour: 'bronze=slow:1500' });
    const bad = await rawClient(run.host.socketPath, ['null', '{"type":"command"}', '{"type":"command","command":{"type":"skip"}}', 'not json', '{"type":"command","command":{"type":"skip","stage":"no-such-stage"}}']);
    await waitUntil(() => bad.messages().filter((message) => message.type === 'error').length >= 4, 10_000, 'four error answers');
    expect(bad.messages()[0]).toMatchObject({ type: 'hello', protocol: 2 });
    expect(bad.messages().filter((message) => message.type === 'error').map((message) => message.message)).toEqual([
      expect.stringMatching(/^bad message/),
      expect.stringMatching(/^bad message \(command:/),
      expect.stringMatching(/^bad message \(command\.stage:/),
      'bad message (not JSON); ignored',
    ]);
    const watcher = await attach(run.host.socketPath);
    await waitUntil(() => watcher.events.some((event) => event.type === 'run-finished'), 20_000, 'the run to finish');
    expect(readRunRecord(run.runDir).status).toBe('succeeded');
    bad.socket.destroy();
    watcher.controller.close();
  });

  it('tells a console of another protocol version what to do, and closes', async () => {
    const run = await launchFakeHost(tempDir(), { behaviour: 'bronze=slow:1000' });
    const old = await rawClient(run.host.socketPath, ['{"type":"hello","protocol":1,"version":"0.0.1"}']);
    await waitUntil(() => old.isClosed(), 10_000, 'the host to close the old console');
    expect(old.messages().find((message) => message.type === 'error')?.message).toMatch(/speaks control protocol 1 \(backfill 0\.0\.1\); this backfill .* speaks 2/);
  });

  it('serves its socket from a short private folder when the runs dir is too deep for a Unix socket', async () => {
    const runsDir = path.join(tempDir(), 'a-very-long-folder-name-'.repeat(6), 'runs');
    expect(Buffer.byteLength(path.join(runsDir, '20261129-000000-abcd', 'control.sock'))).toBeGreaterThan(108);
    const run = await launchFakeHost(runsDir);
    expect(Buffer.byteLength(run.host.socketPath)).toBeLessThan(104);
    expect(readHostInfo(run.runDir)?.socketPath).toBe(run.host.socketPath);
    expect(fs.statSync(path.dirname(run.host.socketPath)).mode & 0o777).toBe(0o700);
    const watcher = await attach(run.host.socketPath);
    await waitUntil(() => watcher.events.some((event) => event.type === 'run-finished'), 20_000, 'the run to finish');
    expect(readRunRecord(run.runDir).status).toBe('succeeded');
    watcher.controller.close();
  });

  it('a client says within seconds that a stopped host does not answer, and again when it does', async () => {
    const run = await launchFakeHost(tempDir(), { behaviour: 'bronze=slow:6000' });
    const controller = await SocketRunController.connect(run.host.socketPath, { pingIntervalMs: 200, stallAfterMs: 1000 });
    const heard: boolean[] = [];
    controller.onStall((stalled) => heard.push(stalled));
    process.kill(run.host.pid, 'SIGSTOP');
    try {
      await waitUntil(() => heard.includes(true), 4000, 'the stall to be noticed');
    } finally {
      process.kill(run.host.pid, 'SIGCONT');
    }
    await waitUntil(() => heard.at(-1) === false, 4000, 'the host to answer again');
    expect(heard).toEqual([true, false]);
    controller.close();
  });

  it('a console refuses a host that sends no hello (an older version) with a clear message', async () => {
    const socketPath = path.join(tempDir(), 'old.sock');
    const server = net.createServer((socket) => socket.write('{"type":"snapshot","snapshot":{}}\n'));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    await expect(SocketRunController.connect(socketPath)).rejects.toThrow(ProtocolError);
    server.close();
  });
});

describe('ps shows which run a process is', () => {
  it('the runner host is `backfill <run-id> (runner host)`', async () => {
    const run = await launchFakeHost(tempDir(), { behaviour: 'bronze=slow:2000' });
    await waitUntil(() => fs.readFileSync(`/proc/${run.host.pid}/cmdline`, 'utf8').includes(run.plan.runId), 5000, 'the title');
    expect(fs.readFileSync(`/proc/${run.host.pid}/cmdline`, 'utf8')).toMatch(new RegExp(`^backfill ${run.plan.runId} \\(runner host\\)`));
  });
});
