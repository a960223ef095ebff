// A command the host refuses (a retry after the run ended, while another run holds the warehouse) is shown
// on the run screen's notice line, not kept where nothing draws it (issue 16, item 27).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { showHostNotices } from '../../src/cli/host-notices.js';
import { defaultOptions } from '../../src/config/defaults.js';
import { ControlServer } from '../../src/daemon/control-server.js';
import { SocketRunController } from '../../src/daemon/socket-controller.js';
import { createAppStore } from '../../src/state/store.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { waitUntil } from './host-harness.js';
import { servedRun } from './served-run.js';

const tempDir = useTempDirs();
const servers: ControlServer[] = [];
const clients: SocketRunController[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.close();
});

describe('a command the runner host refuses', () => {
  it('is named on the notice line', async () => {
    const dir = tempDir();
    const { run } = servedRun(dir, (command) =>
      command.type === 'retry' ? Promise.reject(new Error('the warehouse is held by run 20261205-010203-abcd\u001b]0;pwned\u0007')) : undefined,
    );
    const server = new ControlServer(run, path.join(dir, 'control.sock'));
    servers.push(server);
    await server.listen();
    const client = await SocketRunController.connect(server.socketPath);
    clients.push(client);
    const store = createAppStore({ initialOptions: defaultOptions() });
    showHostNotices(client, store, () => false);

    client.send({ type: 'retry', stage: 'bronze' });
    await waitUntil(() => store.getState().ui.notice !== null, 5000, 'a notice');
    expect(store.getState().ui.notice).toContain('retry refused: the warehouse is held by run 20261205-010203-abcd');
  });
});
