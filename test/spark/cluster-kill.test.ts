import { afterEach, describe, expect, it } from 'vitest';
import type { StageExit, StageProcess, StopSignal } from '../../src/runner/process/stage-process.js';
import { killOnCluster } from '../../src/spark/cluster-kill.js';
import { watchSparkApps } from '../../src/spark/watched-starter.js';
import { resourceManagerUrl } from '../../src/spark/yarn-rest.js';
import { startFakeResourceManager } from '../fixtures/fake-resource-manager.js';

const APP = 'application_1700000000000_0042';
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
const noYarn = { PATH: '/nonexistent' };
const fast = { pollMs: 10, confirmMs: 2_000 };

describe('killing an application on the cluster without a yarn command', () => {
  it('asks the ResourceManager of the tracking URL, and confirms it ended KILLED', async () => {
    const rm = await startFakeResourceManager({ [APP]: 'RUNNING' }, { killAfterMs: 50 });
    servers.push(rm);
    const pending = killOnCluster({ appId: APP, trackingUrl: `${rm.url}/proxy/${APP}/` }, noYarn, fast);
    expect(await pending?.outcome).toEqual({ ok: true, message: `${APP} killed on the ResourceManager ${rm.url}`, finalState: 'KILLED' });
    expect(rm.calls).toContain(`PUT /ws/v1/cluster/apps/${APP}/state {"state":"KILLED"}`);
  });

  it('leaves an application that has ended alone, and says why it could not kill one', async () => {
    const ended = await startFakeResourceManager({ [APP]: 'FINISHED' });
    const kerberized = await startFakeResourceManager({ [APP]: 'RUNNING' }, { refuse: 401 });
    servers.push(ended, kerberized);
    expect(await killOnCluster({ appId: APP, trackingUrl: `${ended.url}/proxy/${APP}/` }, noYarn, fast)?.outcome).toBeUndefined();
    const refused = await killOnCluster({ appId: APP, trackingUrl: `${kerberized.url}/proxy/${APP}/` }, noYarn, fast)?.outcome;
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/SPNEGO.*run: yarn application -kill application_1700000000000_0042/) });
  });

  it('finds the ResourceManager in yarn-site.xml when the log gave no tracking URL', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-hadoop-conf-'));
    fs.writeFileSync(path.join(dir, 'yarn-site.xml'), '<configuration><property><name>yarn.resourcemanager.webapp.address</name><value>rm.example:8088</value></property></configuration>');
    expect(resourceManagerUrl({ appId: APP }, { HADOOP_CONF_DIR: dir })).toBe('http://rm.example:8088');
  });
});

describe('a stopped stage on YARN', () => {
  it('has its application killed on the cluster before its driver is signalled, and the kill told', async () => {
    const rm = await startFakeResourceManager({ [APP]: 'RUNNING' });
    servers.push(rm);
    const order: string[] = [];
    const kills: unknown[] = [];
    let exit!: (value: StageExit) => void;
    const fakeSubmit: StageProcess = {
      pid: 1,
      exited: new Promise((resolve) => (exit = resolve)),
      stop: (_grace: number, onSignal?: (signal: StopSignal) => void) => {
        order.push(`SIGTERM after ${rm.calls.filter((call) => call.startsWith('PUT')).length} kill request(s)`);
        onSignal?.('SIGTERM');
        exit({ exitCode: null, signal: 'SIGTERM' });
        return Promise.resolve();
      },
    };
    const start = watchSparkApps(
      (options) => {
        setImmediate(() => options.handlers?.onLines?.([`\t tracking URL: ${rm.url}/proxy/${APP}/`, `INFO Client: Submitted application ${APP}`]));
        return fakeSubmit;
      },
      { poll: false, kill: fast },
    );
    const stage = start({ command: ['spark-submit'], logFile: '/dev/null', env: noYarn, handlers: { onAppKill: (kill) => kills.push(kill) } });
    await new Promise((resolve) => setImmediate(resolve));
    await stage.stop(1);
    await stage.exited;
    expect(order).toEqual(['SIGTERM after 1 kill request(s)']);
    expect(kills).toEqual([{ appId: APP, ok: true, message: `${APP} killed on the ResourceManager ${rm.url}`, finalState: 'KILLED' }]);
  });
});

describe('killing an application on a Spark standalone master', () => {
  it('posts the master UI\'s kill and confirms the application ended KILLED', async () => {
    const http = await import('node:http');
    const state = { app: 'RUNNING' };
    const calls: string[] = [];
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += String(chunk)));
      request.on('end', () => {
        calls.push(`${request.method} ${request.url} ${body}`.trim());
        if (request.method === 'POST' && request.url === '/app/kill/') {
          state.app = 'KILLED';
          response.writeHead(302, { Location: '/' });
          return response.end();
        }
        const entry = { id: 'app-20261130012345-0000', state: state.app };
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(state.app === 'RUNNING' ? { activeapps: [entry], completedapps: [] } : { activeapps: [], completedapps: [entry] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const ui = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const outcome = await killOnCluster({ appId: 'app-20261130012345-0000', master: 'spark://127.0.0.1:7077' }, { ...noYarn, BACKFILL_SPARK_MASTER_UI: ui }, fast)?.outcome;
    expect(outcome).toEqual({ ok: true, message: `app-20261130012345-0000 killed on the standalone master ${ui}`, finalState: 'KILLED' });
    expect(calls).toContain('POST /app/kill/ id=app-20261130012345-0000&terminate=true');
  });
});

describe("a failed YARN application's diagnostics", () => {
  it('are what the ResourceManager says, and nothing when its answer does not read or does not come', async () => {
    const { applicationDiagnostics } = await import('../../src/spark/yarn-rest.js');
    const answer = (status: number, body: unknown) => () => Promise.resolve({ status, json: () => Promise.resolve(body) });
    expect(await applicationDiagnostics('http://rm', APP, { request: answer(200, { app: { diagnostics: 'Container killed by YARN for exceeding memory limits\n' } }) })).toBe(
      'Container killed by YARN for exceeding memory limits',
    );
    expect(await applicationDiagnostics('http://rm', APP, { request: answer(200, { app: { diagnostics: 42 } }) })).toBeUndefined();
    expect(await applicationDiagnostics('http://rm', APP, { request: answer(200, { app: { diagnostics: '' } }) })).toBeUndefined();
    expect(await applicationDiagnostics('http://rm', APP, { request: answer(401, {}) })).toBeUndefined();
    const timedOut = () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    expect(await applicationDiagnostics('http://rm', APP, { request: timedOut })).toBeUndefined();
  });
});
