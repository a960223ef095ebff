import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { readRunRecord } from '../../src/runner/run-folder.js';
import { readNotifications } from '../../src/runs/notify.js';
import { cleanUpHostsAfterEach, launchFakeHost, waitUntil } from '../daemon/host-harness.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textCapture } from '../fixtures/text-sink.js';
import { fakeSetup } from '../integration/harness.js';

const tempDir = useTempDirs();
cleanUpHostsAfterEach();
const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** A webhook on 127.0.0.1 that answers `statuses` in turn (then 200) and keeps what it was sent. */
async function webhook(statuses: number[] = []) {
  const received: Array<{ body: unknown; url: string | undefined; type: string | undefined }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += String(chunk)));
    request.on('end', () => {
      received.push({ body: JSON.parse(body), url: request.url, type: request.headers['content-type'] });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/SECRETTOKEN`, received };
}

function notifyScript(dir: string): string {
  const script = path.join(dir, 'notify.sh');
  writeFileSync(script, `#!/bin/sh\ncat > "${dir}/stdin.json"\nenv | grep -E '^BACKFILL_(RUN_ID|STATUS|EXIT_CODE)=' | sort > "${dir}/env.txt"\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('notifications when a run ends', () => {
  it('headless: POSTs the summary with a text line, runs the command with the summary and env, records both redacted', async () => {
    const dir = tempDir();
    const hook = await webhook();
    const notifyCmd = notifyScript(dir);
    const { plan, env } = fakeSetup(dir, { behaviour: 'silver=fail:3', params: { notifyUrl: hook.url, notifyCmd } });
    const code = await runHeadless(plan, { json: true, out: textCapture().out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(1);

    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.type).toBe('application/json');
    expect(hook.received[0]!.body).toMatchObject({
      type: 'summary',
      status: 'failed',
      runId: plan.runId,
      exitCode: 1,
      stages: [{ name: 'bronze', status: 'succeeded' }, { name: 'silver', status: 'failed', exitCode: 3 }, { name: 'gold', status: 'pending' }],
      rowsWritten: { 'lh.bronze.open_meteo_hourly': 2232 },
      text: expect.stringMatching(new RegExp(`^backfill run ${plan.runId} failed \\(exit 1\\) in .*: bronze succeeded, silver failed, gold pending; 2,232 rows written\\.$`)),
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'stdin.json'), 'utf8'))).toMatchObject({ runId: plan.runId, status: 'failed' });
    expect(readFileSync(path.join(dir, 'env.txt'), 'utf8')).toBe(`BACKFILL_EXIT_CODE=1\nBACKFILL_RUN_ID=${plan.runId}\nBACKFILL_STATUS=failed\n`);

    const runDir = path.join(plan.params.runsDir, plan.runId);
    const records = readNotifications(runDir);
    expect(records).toMatchObject([
      { kind: 'url', ok: true, attempts: 1, target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\*+\(redacted\)$/) },
      { kind: 'cmd', ok: true, target: notifyCmd },
    ]);
    const stored = readFileSync(path.join(runDir, 'run.json'), 'utf8') + readFileSync(path.join(runDir, 'events.ndjson'), 'utf8') + readFileSync(path.join(runDir, 'notifications.ndjson'), 'utf8');
    expect(stored).not.toContain('SECRETTOKEN');
  });

  it('a webhook that keeps failing is retried, recorded, and never fails the run', async () => {
    const dir = tempDir();
    const hook = await webhook([500, 503, 502]);
    const { plan, env } = fakeSetup(dir, { params: { notifyUrl: hook.url } });
    const code = await runHeadless(plan, { json: true, out: textCapture().out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
    expect(code).toBe(0);
    expect(hook.received).toHaveLength(3);
    expect(readNotifications(path.join(plan.params.runsDir, plan.runId))).toMatchObject([{ kind: 'url', ok: false, attempts: 3, message: 'HTTP 502' }]);
  }, 20_000);

  it('detached: the runner host sends it with nobody attached', async () => {
    const dir = tempDir();
    const hook = await webhook();
    const run = await launchFakeHost(dir, { params: { notifyUrl: hook.url } });
    await waitUntil(() => !isProcessAlive(run.host.pid), 20_000, 'the host to finish and exit');
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.body).toMatchObject({ runId: run.plan.runId, status: 'succeeded' });
    expect(readRunRecord(run.runDir).params.notifyUrl).toMatch(/\(redacted\)$/);
  });
});
