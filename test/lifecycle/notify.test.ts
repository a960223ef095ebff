import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { runHeadless } from '../../src/headless/run-headless.js';
import { readRunRecord } from '../../src/runner/folder/run-folder.js';
import { notifyRunEnd, readNotifications, type NotificationPayload } from '../../src/lifecycle/notify.js';
import { sweepRunProcesses } from '../../src/lifecycle/process-sweep.js';
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
    const records = readNotifications(runDir).records;
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
    expect(readNotifications(path.join(plan.params.runsDir, plan.runId)).records).toMatchObject([{ kind: 'url', ok: false, attempts: 3, message: 'HTTP 502' }]);
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

const payload = (runId = 'run-notify-test') =>
  ({ type: 'summary', runId, status: 'succeeded', exitCode: 0, text: `backfill run ${runId} succeeded` }) as unknown as NotificationPayload;

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('what a notification records', () => {
  it('keeps a URL\'s credentials and token out of the error message, in the file and in show', async () => {
    const dir = tempDir();
    const withCredentials = 'http://user:PASSW0RD@127.0.0.1:9/hooks/T0/B0?token=TOK3N123';
    const unparseable = 'http://user:PASSW0RD@[bad-host/hooks?token=TOK3N123';
    const first = await notifyRunEnd({ notifyUrl: withCredentials }, dir, payload(), { attempts: 1 });
    const second = await notifyRunEnd({ notifyUrl: unparseable }, dir, payload(), { attempts: 1 });
    expect(first[0]).toMatchObject({ ok: false, message: expect.stringContaining('credentials') });
    expect(second[0]).toMatchObject({ ok: false, message: expect.stringContaining('parse') });
    const stored = readFileSync(path.join(dir, 'notifications.ndjson'), 'utf8');
    for (const secret of ['PASSW0RD', 'TOK3N123', 'hooks']) expect(stored).not.toContain(secret);
  });

  it('a URL that answers 404 is tried once, and recorded (and shown) as one attempt', async () => {
    const dir = tempDir();
    const hook = await webhook([404]);
    const [sent] = await notifyRunEnd({ notifyUrl: hook.url }, dir, payload(), { retryDelayMs: 1 });
    expect(hook.received).toHaveLength(1);
    expect(sent).toMatchObject({ ok: false, attempts: 1, message: 'HTTP 404' });
    expect(readNotifications(dir).records).toMatchObject([{ attempts: 1 }]);
  });

  it('keeps the end of a failing command\'s stderr, not all of it, and readers load a bounded tail of the file', async () => {
    const dir = tempDir();
    const noisy = script(dir, 'noisy.sh', `head -c 3000000 /dev/zero | tr '\\0' x >&2\necho >&2\necho 'the reason it failed' >&2\nexit 4`);
    const [sent] = await notifyRunEnd({ notifyCmd: noisy }, dir, payload());
    expect(sent).toMatchObject({ ok: false, message: 'exit code 4: the reason it failed' });
    expect(statSync(path.join(dir, 'notifications.ndjson')).size).toBeLessThan(2000);

    // A file written before the bound: a huge record first, then a normal one.
    const file = path.join(dir, 'notifications.ndjson');
    const huge = { at: '2026-01-01T00:00:00Z', kind: 'cmd', target: noisy, ok: false, attempts: 1, message: 'y'.repeat(3_000_000) };
    writeFileSync(file, `${JSON.stringify(huge)}\n${readFileSync(file, 'utf8')}`);
    const messages = readNotifications(dir).records.map((record) => record.message);
    expect(messages.map((message) => message.length)).toEqual(['exit code 4: the reason it failed'.length]);
    expect(messages[0]).toBe('exit code 4: the reason it failed');
  });

  it('a command that leaves a child holding its stderr does not keep the run waiting; its group is ended', async () => {
    const dir = tempDir();
    const leaves = script(dir, 'leaves.sh', `sleep 300 &\necho $! > "${dir}/child.pid"\nexit 0`);
    const childAlive = () => isProcessAlive(Number(readFileSync(path.join(dir, 'child.pid'), 'utf8')));
    try {
      const [sent] = await notifyRunEnd({ notifyCmd: leaves }, dir, payload(), { timeoutMs: 60_000 });
      expect(sent).toMatchObject({ ok: true, message: 'exit code 0' });
      await waitUntil(() => !childAlive(), 5000, 'the left child to be ended');
    } finally {
      if (childAlive()) process.kill(Number(readFileSync(path.join(dir, 'child.pid'), 'utf8')), 'SIGKILL');
    }
  }, 20_000);

  it('a command that outlives its deadline is ended with its whole group', async () => {
    const dir = tempDir();
    const slow = script(dir, 'slow.sh', `sleep 300 &\necho $! > "${dir}/child.pid"\nwait`);
    const [sent] = await notifyRunEnd({ notifyCmd: slow }, dir, payload(), { timeoutMs: 300 });
    expect(sent).toMatchObject({ ok: false, message: expect.stringMatching(/^timed out/) });
    await waitUntil(() => !isProcessAlive(Number(readFileSync(path.join(dir, 'child.pid'), 'utf8'))), 5000, 'the group to be ended');
  });

  it('the end-of-run sweep leaves a notify command alone: it is a helper, not a leftover of the run', async () => {
    const dir = tempDir();
    const runId = 'run-sweep-helper';
    const waits = script(dir, 'waits.sh', `touch "${dir}/started"\nwhile [ ! -e "${dir}/go" ]; do sleep 0.05; done\nexit 0`);
    const notified = notifyRunEnd({ notifyCmd: waits }, dir, payload(runId), { timeoutMs: 60_000 });
    await waitUntil(() => existsSync(path.join(dir, 'started')), 10_000, 'the command to start');
    await sweepRunProcesses(runId, { graceMs: 0 });
    writeFileSync(path.join(dir, 'go'), '');
    expect(await notified).toMatchObject([{ ok: true, message: 'exit code 0' }]);
  }, 20_000);
});
