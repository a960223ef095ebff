import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, StageRecord } from '../../src/runner/types.js';
import { at, records, runStarted, stageStarted } from '../state/run-fixtures.js';
import { tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';

afterEach(() => cleanup());

function withCommits(): StageRecord[] {
  const stages = records({ bronze: 'succeeded', silver: 'succeeded', gold: 'pending' });
  stages[0]!.commits = [{ table: 'lh.bronze.open_meteo_hourly', snapshotId: '11', parentSnapshotId: '10', rowsWritten: 1_234_567 }];
  stages[1]!.commits = [{ table: 'lh.silver.air_quality_hourly_clean', snapshotId: '21', parentSnapshotId: '20', rowsWritten: 2232 }];
  return stages;
}

describe('the end summary', () => {
  it('lists rows per table with thousands separators, the failed gate and the coverage grid', async () => {
    const { frame, controller } = await renderRun();
    const finishedEvent: RunEvent = {
      type: 'run-finished',
      at: at(30),
      status: 'failed',
      stages: withCommits(),
      coverage: { start: '2024-01-01', end: '2024-01-04', hoursPerDay: 24, pollutants: ['pm25'], locations: { hanoi: [24, 0, 12, 20], hcmc: [24, 24, 24, 24] } },
      qualityGate: { passed: false, minCompleteness: 90, worst: [], message: '3 location-day(s) below --min-completeness 90%' },
    };
    controller.emit(runStarted(), stageStarted('bronze'), finishedEvent);
    await tick();
    const screen = frame();
    expect(screen).toContain('Rows written');
    expect(screen).toMatch(/lh\.bronze\.open_meteo_hourly\s+1,234,567/);
    expect(screen).toMatch(/lh\.silver\.air_quality_hourly_clean\s+2,232/);
    expect(screen).toContain('Quality gate: 3 location-day(s) below --min-completeness 90%');
    expect(screen).toContain('Coverage per day');
    expect(screen).toMatch(/hanoi\s+█·▒▓/);
    expect(screen).toMatch(/hcmc\s+████/);
  });
});
