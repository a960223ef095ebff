// What a console connecting to a running host is shown: the lines the run printed so far, each once. The
// stage writes its log file itself and the runner reads it a moment later, so the file runs ahead of the
// events; a snapshot cut from the file would show the lines in between twice (issue 16, item 28).
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlServer } from '../../src/daemon/control-server.js';
import { SocketRunController } from '../../src/daemon/socket-controller.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { servedRun } from './served-run.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const tempDir = useTempDirs();
const servers: ControlServer[] = [];
const clients: SocketRunController[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

const output = (stage: string, lines: string[]): RunEvent => ({ type: 'stage-output', at: new Date().toISOString(), stage, lines });

describe('a client\'s first view of a running host', () => {
  it('has every line printed before it connected once, including those printed before the host listened', async () => {
    const dir = tempDir();
    const { run, emit } = servedRun(dir);
    // The log on disk already holds a line the runner has not told yet: the file runs ahead.
    fs.mkdirSync(path.join(run.runDir!, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(run.runDir!, 'logs', 'bronze.log'), 'early 1\nearly 2\nlate 3\nahead 4\n');
    const server = new ControlServer(run, path.join(dir, 'control.sock'));
    servers.push(server);
    emit(output('bronze', ['early 1', 'early 2'])); // before the socket exists
    await server.listen();
    emit(output('bronze', ['late 3'])); // gathered, not yet sent to anyone

    const client = await SocketRunController.connect(server.socketPath);
    clients.push(client);
    const seen: string[] = [];
    client.subscribe((event) => {
      if (event.type === 'stage-output') seen.push(...event.lines);
    });
    emit(output('bronze', ['ahead 4']));
    await delay(300);
    expect(seen).toEqual(['early 1', 'early 2', 'late 3', 'ahead 4']);
  });

  it('keeps a bounded tail per stage', async () => {
    const dir = tempDir();
    const { run, emit } = servedRun(dir);
    const server = new ControlServer(run, path.join(dir, 'control.sock'));
    servers.push(server);
    for (let i = 0; i < 1000; i++) emit(output('silver', [`line ${i}`]));
    await server.listen();
    const client = await SocketRunController.connect(server.socketPath);
    clients.push(client);
    expect(client.snapshot.logTails.silver).toHaveLength(200);
    expect(client.snapshot.logTails.silver!.at(-1)).toBe('line 999');
    expect(client.snapshot.logTails.bronze).toEqual([]);
  });

  it('labels a chunk\'s lines with the chunk, as the live view of the whole stage does', async () => {
    const dir = tempDir();
    const { run, emit } = servedRun(dir);
    const server = new ControlServer(run, path.join(dir, 'control.sock'));
    servers.push(server);
    emit({ type: 'stage-output', at: new Date().toISOString(), stage: 'gold', chunk: '2024-01', lines: ['from january'] });
    emit({ type: 'stage-output', at: new Date().toISOString(), stage: 'gold', chunk: '2024-02', lines: ['from february'] });
    await server.listen();
    const client = await SocketRunController.connect(server.socketPath);
    clients.push(client);
    expect(client.snapshot.logTails.gold).toEqual(['[2024-01] from january', '[2024-02] from february']);
  });
});
