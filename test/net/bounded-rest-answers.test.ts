import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fetchJson, getChecked, SPARK_REST_MAX_BYTES } from '../../src/spark/rest-client.js';
import { killStandaloneApp } from '../../src/spark/standalone-kill.js';
import { applicationDiagnostics, applicationState } from '../../src/spark/yarn-rest.js';

// A server on a driver's, a ResourceManager's or a master's port that answers 200 and then streams a JSON
// array without end: read whole, each poll would take all the memory the console has.
const APP = 'application_1733000000000_0001';
const servers: Server[] = [];
const sent = { bytes: 0 };

async function endlessJson(): Promise<string> {
  sent.bytes = 0;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('[');
    const chunk = Buffer.from('{"id":"driver"},'.repeat(4096));
    const pump = () => {
      while (!response.destroyed && sent.bytes < 512 * 1024 * 1024) {
        sent.bytes += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end('{}]');
    };
    pump();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('REST answers are read bounded', () => {
  it("Spark's REST API: an answer past the cap is dropped and named, not read to its end", { timeout: 30_000 }, async () => {
    const url = `${await endlessJson()}/api/v1/applications`;
    await expect(fetchJson(url, 20_000)).rejects.toThrow(`${url}: answered more than ${SPARK_REST_MAX_BYTES} bytes, not read`);
    expect(sent.bytes).toBeLessThan(4 * SPARK_REST_MAX_BYTES);
  });

  it('the ResourceManager: a state or a report past the cap is a problem said, not a hang', { timeout: 30_000 }, async () => {
    const rm = await endlessJson();
    const state = await applicationState(rm, APP, { timeoutMs: 20_000 });
    expect(state).toEqual({ problem: `${rm}/ws/v1/cluster/apps/${APP}/state: answered more than ${4 * 1024 * 1024} bytes, not read` });
    expect(await applicationDiagnostics(rm, APP, { timeoutMs: 20_000 })).toBeUndefined();
    expect(sent.bytes).toBeLessThan(64 * 1024 * 1024);
  });

  it("a standalone master's /json/ past the cap: the kill is said to have failed, and why", { timeout: 30_000 }, async () => {
    const ui = await endlessJson();
    const outcome = await killStandaloneApp(ui, 'app-20261130012345-0000', { timeoutMs: 20_000 });
    expect(outcome).toEqual({ ok: false, message: `could not kill app-20261130012345-0000 on ${ui}: ${ui}/json/: answered more than ${4 * 1024 * 1024} bytes, not read` });
  });

  it("Spark's REST API and a standalone master's /json/ read at most 4 MB", () => {
    expect(SPARK_REST_MAX_BYTES).toBe(4 * 1024 * 1024);
  });

  it('an array answer of more entries than any driver has is refused before the schema, with its count', async () => {
    // Checked by the schema, each of 20,000 (or, within the cap, two million) numbers would be an issue of its own.
    const url = `${await answering(`[${Array(20_000).fill('1').join(',')}]`)}/api/v1/applications/app-1/jobs`;
    const started = Date.now();
    await expect(getChecked(fetchJson, url, 5_000, z.array(z.looseObject({ id: z.string() })))).rejects.toThrow(`${url}: not Spark's answer (20000 entries)`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('an answer nested deeper than 64 is refused before it is parsed; 64 deep is read', async () => {
    const deep = `${await answering(`${'['.repeat(65)}${']'.repeat(65)}`)}/api/v1/applications`;
    await expect(fetchJson(deep, 5_000)).rejects.toThrow(`${deep}: answered JSON nested more than 64 deep, not read`);
    // Brackets inside strings are text, not nesting.
    const text = [{ id: `${'[{'.repeat(100)}\\"[` }];
    const quoted = `${await answering(JSON.stringify(text))}/api/v1/applications`;
    await expect(fetchJson(quoted, 5_000)).resolves.toEqual(text);
    const fine = `${await answering(`${'['.repeat(64)}${']'.repeat(64)}`)}/api/v1/applications`;
    await expect(fetchJson(fine, 5_000)).resolves.toBeInstanceOf(Array);
  });

  it('an answer that is not JSON is named as such', async () => {
    const server = createServer((_request, response) => response.end('<html>proxy login</html>'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/applications`;
    await expect(fetchJson(url, 5_000)).rejects.toThrow(`${url}: answered something that is not JSON`);
  });
});

async function answering(body: string): Promise<string> {
  const server = createServer((_request, response) => response.end(body));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("a standalone master's /json/ that answers an error", () => {
  it('is no word on the app: a 500 whose body says KILLED is a failed kill naming the status, not "already ended"', async () => {
    const app = 'app-20261130012345-0000';
    const server = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ activeapps: [], completedapps: [{ id: app, state: 'KILLED' }] }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const ui = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await killStandaloneApp(ui, app, { timeoutMs: 5_000 })).toEqual({ ok: false, message: `could not kill ${app} on ${ui}: ${ui}/json/: HTTP 500` });
  });
});
