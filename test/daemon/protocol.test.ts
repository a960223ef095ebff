import { describe, expect, it } from 'vitest';
import { DeferredController } from '../../src/daemon/deferred-controller.js';
import { encodeMessage, MAX_MESSAGE_BYTES, MessageDecoder } from '../../src/daemon/protocol.js';
import type { RunEvent } from '../../src/runner/types.js';
import { FakeController } from '../components/fake-controller.js';

describe('the control socket protocol', () => {
  it('decodes messages split anywhere across reads, skipping lines that are not JSON', () => {
    const decoder = new MessageDecoder<{ type: string }>();
    const text = encodeMessage({ type: 'command', command: { type: 'abort' } }) + 'garbage\n' + encodeMessage({ type: 'command', command: { type: 'skip', stage: 'gold' } });
    const messages = [...text].flatMap((character) => decoder.push(character));
    expect(messages).toEqual([
      { type: 'command', command: { type: 'abort' } },
      { type: 'command', command: { type: 'skip', stage: 'gold' } },
    ]);
  });

  it('refuses a line longer than the limit instead of growing without bound', () => {
    const decoder = new MessageDecoder();
    expect(() => decoder.push('x'.repeat(MAX_MESSAGE_BYTES + 1))).toThrow(/too long/);
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
