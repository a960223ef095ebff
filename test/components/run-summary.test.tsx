import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { StageRecord } from '../../src/runner/run/run-types.js';
import { at, records, runStarted, stageStarted } from '../state/run-fixtures.js';
import { tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';
import type { RunEvent } from '../../src/runner/run/events.js';

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

describe('strings from a job on the screen', () => {
  const OSC_TITLE = '\u001b]0;PWNED-TITLE\u0007';
  const CLEAR = '\u001b[2J\u009b31m';

  it('table and location names, the gate message and Spark\'s URL reach the screen without their escape sequences', async () => {
    const { frame, controller } = await renderRun();
    const stages = records({ bronze: 'succeeded', silver: 'succeeded', gold: 'pending' });
    stages[0]!.commits = [{ table: `lh.bronze.hourly${OSC_TITLE}`, snapshotId: '11', parentSnapshotId: '10', rowsWritten: 7 }];
    controller.emit(
      runStarted(),
      stageStarted('bronze'),
      { type: 'spark-app', at: at(2), stage: 'bronze', app: { appId: 'application_1_0001', trackingUrl: `http://rm:8088/${OSC_TITLE}` } },
      {
        type: 'run-finished',
        at: at(30),
        status: 'failed',
        stages,
        coverage: { start: '2024-01-01', end: '2024-01-02', hoursPerDay: 24, pollutants: ['pm25'], locations: { [`${CLEAR}hanoi${OSC_TITLE}`]: [24, 24] } },
        qualityGate: { passed: false, minCompleteness: 90, worst: [], message: `below${OSC_TITLE}` },
      },
    );
    await tick();
    const screen = frame();
    expect(screen).toMatch(/lh\.bronze\.hourly\s+7/);
    expect(screen).toMatch(/hanoi\s+██/);
    expect(screen).toContain('YARN application_1_0001 http://rm:8088/');
    expect(screen).not.toContain('PWNED-TITLE');
    expect(screen).not.toMatch(/[\u0007\u009b]|\u001b[\]P^_]|\u001b\[2J/);
  });
});
