import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { markerFor } from '../../src/lifecycle/warehouse-marker.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

// A DataNode that answers a byte every second never lets an idle timeout pass: without a deadline on the whole
// answer, creating the marker hangs for as long as it drips, with the machine lock held.
describe('a WebHDFS DataNode that drips its answer', () => {
  it('is dropped when the whole answer has not come within 15 s', { timeout: 25_000 }, async () => {
    const drips: NodeJS.Timeout[] = [];
    const server = createServer((request, response) => {
      if (!request.url?.startsWith('/datanode')) {
        response.writeHead(307, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/datanode` });
        response.end();
        return;
      }
      request.resume();
      response.writeHead(201, { 'content-type': 'text/plain' });
      drips.push(setInterval(() => response.write('.'), 1_000));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const marker = markerFor('hdfs://namenode:8020/lake/aq', { BACKFILL_WEBHDFS_URL: `http://127.0.0.1:${port}`, PATH: '', HADOOP_USER_NAME: 'etl' })!;
    const started = Date.now();
    try {
      await expect(marker.create({ runId: 'run-a', host: 'edge-1', pid: 1, startTime: '1', warehouse: 'hdfs://namenode:8020/lake/aq', since: '2026-01-01T00:00:00Z' } as never)).rejects.toThrow(
        `no whole answer from 127.0.0.1:${port} within 15000 ms`,
      );
    } finally {
      for (const drip of drips) clearInterval(drip);
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
