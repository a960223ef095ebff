import { describe, expect, it } from 'vitest';
import { acquireWarehouseLock, formatLockTakenOver } from '../../src/lifecycle/warehouse-lock.js';

const EVIL = '\u001b]0;PWNED\u0007\u001b[2J\u202e\u009b31m';
const UNSAFE = /[\u001b\u0007\u009b\u202e]/;

// A lock's holder is read from a file anyone who can write to the lock folder or the warehouse wrote, and
// BACKFILL_LOCK_DIR comes from the environment: both reach the terminal only escaped, visible.
describe('lock messages that echo what came from outside', () => {
  it('a stale lock taken over names its run escaped', () => {
    const text = formatLockTakenOver({ runId: `x${EVIL}`, host: 'edge-1', pid: 999999, startTime: '1', warehouse: '/wh', since: '2026-01-01T00:00:00Z' } as never, 0);
    expect(text).toContain('run x\\x1b]0;PWNED\\x07\\x1b[2J');
    expect(text).not.toMatch(UNSAFE);
  });

  it('BACKFILL_LOCK_DIR that cannot be a folder is named escaped and whole, on one line', async () => {
    const lockDir = `/dev/null/${EVIL}\nPlan: FAKE`;
    const refused = await acquireWarehouseLock('s3a://lake/aq', 'run-a', { env: { BACKFILL_LOCK_DIR: lockDir } });
    expect(refused.ok).toBe(false);
    const message = !refused.ok ? refused.message : '';
    expect(message).toContain('BACKFILL_LOCK_DIR=/dev/null/\\x1b]0;PWNED\\x07\\x1b[2J');
    expect(message).toContain('\\x0aPlan: FAKE');
    expect(message).not.toMatch(UNSAFE);
    expect(message.trimEnd().split('\n')).toHaveLength(1);
  });
});
