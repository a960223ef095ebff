import { describe, expect, it } from 'vitest';
import { DeferredController } from '../../src/daemon/deferred-controller.js';
import { clientMessageSchema, hostMessageSchema } from '../../src/daemon/protocol-schemas.js';
import { capSnapshot, encodeMessage, MAX_MESSAGE_BYTES, MAX_SNAPSHOT_LOG_BYTES, MessageDecoder, type RunSnapshot } from '../../src/daemon/protocol.js';
import { FakeController } from '../components/fake-controller.js';
import { testParams } from '../fixtures/params.js';
import type { RunEvent } from '../../src/runner/run/events.js';

describe('the control socket protocol', () => {
  it('decodes messages split anywhere across reads, naming lines that are not JSON', () => {
    const decoder = new MessageDecoder(clientMessageSchema);
    const text = encodeMessage({ type: 'command', command: { type: 'abort' } }) + 'garbage\n' + encodeMessage({ type: 'command', command: { type: 'skip', stage: 'gold' } });
    const decoded = [...text].flatMap((character) => decoder.push(character));
    expect(decoded).toEqual([
      { ok: true, message: { type: 'command', command: { type: 'abort' } } },
      { ok: false, problem: 'not JSON' },
      { ok: true, message: { type: 'command', command: { type: 'skip', stage: 'gold' } } },
    ]);
  });

  it('checks every client message: null, a command without its command, unknown commands and fields', () => {
    const decoder = new MessageDecoder(clientMessageSchema);
    const lines = ['null', '{"type":"command"}', '{"type":"command","command":{"type":"rm -rf"}}', '{"type":"command","command":{"type":"skip"}}', '{"type":"command","command":{"type":"abort","x":1}}', '42', '"abort"', '{"type":"ping","id":"x"}'];
    const decoded = decoder.push(lines.join('\n') + '\n');
    expect(decoded).toHaveLength(lines.length);
    expect(decoded.every((item) => !item.ok)).toBe(true);
  });

  it('checks host messages too: a snapshot must hold a valid run record', () => {
    const decoder = new MessageDecoder(hostMessageSchema);
    const [decoded] = decoder.push('{"type":"snapshot","snapshot":{"record":{"id":"r"},"runDir":"/x","live":true,"progress":{},"logTails":{}}}\n');
    expect(decoded).toMatchObject({ ok: false, problem: expect.stringContaining('snapshot.record.params') });
  });

  it('checks a host event field by field: one of a known kind with a field of the wrong shape is refused, naming it', () => {
    const decoder = new MessageDecoder(hostMessageSchema);
    const finished = { type: 'stage-finished', at: '2026-11-24T01:00:00.000Z', stage: 'silver', status: 'failed', exitCode: 1, signal: null, durationMs: 10 };
    const decoded = decoder.push(
      [
        { type: 'event', event: finished },
        { type: 'event', event: { ...finished, exitCode: '1' } },
        { type: 'event', event: { type: 'stage-progress', at: finished.at, stage: 'silver', progress: { done: 'all', total: 2 } } },
      ]
        .map((message) => JSON.stringify(message))
        .join('\n') + '\n',
    );
    expect(decoded).toEqual([
      { ok: true, message: { type: 'event', event: finished } },
      { ok: false, problem: expect.stringContaining('event.exitCode') },
      { ok: false, problem: expect.stringContaining('event.progress.done') },
    ]);
  });

  it('checks a snapshot\'s progress as a job\'s progress', () => {
    const decoder = new MessageDecoder(hostMessageSchema);
    const record = { id: 'r', params: testParams(), status: 'running', startedAt: '2026-11-24T01:00:00.000Z', finishedAt: null, stages: [] };
    const snapshot = (progress: unknown) => JSON.stringify({ type: 'snapshot', snapshot: { record, runDir: '/x', live: true, progress, logTails: {} } });
    const decoded = decoder.push(`${snapshot({ bronze: { done: 1, total: 2 } })}\n${snapshot({ bronze: { done: -1, total: 2 } })}\n`);
    expect(decoded[0]).toMatchObject({ ok: true });
    expect(decoded[1]).toMatchObject({ ok: false, problem: expect.stringContaining('snapshot.progress.bronze.done') });
  });

  it('refuses a line longer than the limit instead of growing without bound', () => {
    const decoder = new MessageDecoder(clientMessageSchema);
    expect(() => decoder.push('x'.repeat(MAX_MESSAGE_BYTES + 1))).toThrow(/longer than/);
    const small = new MessageDecoder(clientMessageSchema, 100);
    expect(() => small.push(`${'y'.repeat(50)}\n${'z'.repeat(150)}\n`)).toThrow(/longer than/);
  });

  it('caps what a snapshot sends of the logs', () => {
    const line = 'x'.repeat(10_000);
    const snapshot = { logTails: { bronze: Array.from({ length: 200 }, () => line), silver: ['short'] } } as unknown as RunSnapshot;
    const capped = capSnapshot(snapshot);
    expect(JSON.stringify(capped.logTails).length).toBeLessThanOrEqual(MAX_SNAPSHOT_LOG_BYTES);
    expect(capped.logTails.silver).toEqual(['short']);
    expect(capped.logTails.bronze!.length).toBeGreaterThan(0);
    expect(capped.logTails.bronze![0]!.length).toBeLessThan(5000);
  });
});

describe('a deferred controller', () => {
  it('passes on subscriptions and queued commands once its target is there, not cancelled ones', () => {
    const deferred = new DeferredController();
    const heard: string[] = [];
    deferred.subscribe((event) => heard.push(event.type));
    const cancelled: string[] = [];
    deferred.subscribe((event) => cancelled.push(event.type))();
    deferred.send({ type: 'abort' });

    const target = new FakeController();
    deferred.resolve(target);
    target.emit({ type: 'run-finished', at: '', status: 'aborted', stages: [] } as RunEvent);
    expect(heard).toEqual(['run-finished']);
    expect(cancelled).toEqual([]);
    expect(target.sent).toEqual([{ type: 'abort' }]);
  });
});
