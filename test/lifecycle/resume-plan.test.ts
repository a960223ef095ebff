import { describe, expect, it } from 'vitest';
import { planResumeAsNewRun } from '../../src/lifecycle/resume-plan.js';
import type { RunRecord, StageStatus } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';

function record(statuses: Record<string, StageStatus>, stages = Object.keys(statuses)): RunRecord {
  return {
    id: '20261124-010000-aaaa',
    params: testParams({ stages }),
    status: 'failed',
    startedAt: '2026-11-24T01:00:00.000Z',
    finishedAt: '2026-11-24T02:00:00.000Z',
    stages: Object.entries(statuses).map(([name, status]) => ({
      name, status, command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null,
    })),
  };
}

describe('planning a resume as a new run', () => {
  it('runs again what failed, was aborted, was running or pending; keeps the same parameters under a new id', () => {
    const previous = record({ bronze: 'succeeded', silver: 'aborted', gold: 'pending' });
    const resume = planResumeAsNewRun(previous, undefined, '20261124-030000-cccc');
    expect(resume.ok && resume.rerun).toEqual(['silver', 'gold']);
    if (!resume.ok) return;
    expect(resume.plan.runId).toBe('20261124-030000-cccc');
    expect(resume.plan.params).toEqual(previous.params);
    expect(resume.previous).toBe(previous);
    expect(planResumeAsNewRun(record({ bronze: 'running', silver: 'pending', gold: 'pending' })).ok && true).toBe(true);
  });

  it('leaves a stage the operator skipped skipped', () => {
    const resume = planResumeAsNewRun(record({ bronze: 'succeeded', silver: 'skipped', gold: 'failed' }));
    expect(resume.ok && resume.rerun).toEqual(['gold']);
    expect(resume.ok && resume.plan.stages.map((stage) => [stage.name, stage.selected])).toEqual([
      ['bronze', true],
      ['silver', false],
      ['gold', true],
    ]);
  });

  it('says when nothing is left to run', () => {
    const resume = planResumeAsNewRun(record({ bronze: 'succeeded', silver: 'skipped', gold: 'succeeded' }));
    expect(resume).toEqual({ ok: false, message: expect.stringContaining('nothing left to run') });
  });
});
