import { describe, expect, it } from 'vitest';
import { hostGoneNotice } from '../../src/cli/host-notices.js';

describe('the notice when the runner host goes away', () => {
  it('names the resume command of a run it left running, and says only that it ended otherwise', () => {
    expect(hostGoneNotice({ runId: '20261206-050636-dtg2', status: 'running' })).toBe(
      'The runner host is gone; the run was interrupted. Resume it: backfill resume 20261206-050636-dtg2',
    );
    expect(hostGoneNotice({ runId: '20261206-050636-dtg2', status: 'succeeded' })).toBe('The runner host has ended.');
  });
});
