import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../../src/runner/plan/pipeline.js';
import { buildPlan, buildStageCommand, expandArgs, newRunId } from '../../../src/runner/plan/plan.js';
import { testParams } from '../../fixtures/params.js';
import type { PipelineDefinition } from '../../../src/runner/plan/plan-types.js';

describe('buildPlan', () => {
  it('builds the full spark-submit argv of each stage', () => {
    const params = testParams({
      conf: ['spark.driver.memory=4g', 'spark.sql.shuffle.partitions=8'],
      locations: '/cfg/locations.jsonl',
      warehouse: 's3://lake/warehouse',
    });
    const plan = buildPlan(params, defaultPipeline, 'RID');
    expect(plan.runId).toBe('RID');
    expect(plan.stages.map((stage) => stage.name)).toEqual(['bronze', 'silver', 'gold']);
    const spark = [
      '/opt/spark/bin/spark-submit', '--master', 'local[2]',
    ];
    const conf = ['--conf', 'spark.ui.showConsoleProgress=true', '--conf', 'spark.driver.memory=4g', '--conf', 'spark.sql.shuffle.partitions=8'];
    expect(plan.stages[0]).toEqual({
      name: 'bronze',
      selected: true,
      command: [
        ...spark, '--name', 'backfill-RID-bronze', ...conf,
        '/srv/backfill/jobs/bronze/run_bronze_pipeline.py',
        '--mode', 'backfill', '--start-date', '2024-01-01', '--end-date', '2024-01-31', '--override',
        '--locations-file', '/cfg/locations.jsonl', '--warehouse', 's3://lake/warehouse',
      ],
    });
    expect(plan.stages[1]?.command).toEqual([
      ...spark, '--name', 'backfill-RID-silver', ...conf,
      '/srv/backfill/jobs/silver/run_silver_pipeline.py', '--mode', 'full', '--coverage-from', '2024-01-01', '--coverage-to', '2024-01-31', '--warehouse', 's3://lake/warehouse',
    ]);
    expect(plan.stages[2]?.command.slice(-7)).toEqual([
      '/srv/backfill/jobs/gold/run_gold_pipeline.py', '--mode', 'all',
      '--locations-file', '/cfg/locations.jsonl', '--warehouse', 's3://lake/warehouse',
    ]);
  });

  it('leaves out optional options that are not set or empty', () => {
    const plan = buildPlan(testParams({ pollutants: '' }), defaultPipeline, 'RID');
    expect(plan.stages[0]?.command.slice(-8)).toEqual([
      '/srv/backfill/jobs/bronze/run_bronze_pipeline.py',
      '--mode', 'backfill', '--start-date', '2024-01-01', '--end-date', '2024-01-31', '--override',
    ]);
    expect(plan.stages[2]?.command.slice(-3)).toEqual(['/srv/backfill/jobs/gold/run_gold_pipeline.py', '--mode', 'all']);
  });

  it('keeps unselected stages with an empty command', () => {
    const plan = buildPlan(testParams({ stages: ['silver'] }), defaultPipeline, 'RID');
    expect(plan.stages.map((stage) => [stage.name, stage.selected, stage.command.length > 0])).toEqual([
      ['bronze', false, false],
      ['silver', true, true],
      ['gold', false, false],
    ]);
  });

  it('refuses a stage the pipeline does not have', () => {
    expect(() => buildPlan(testParams({ stages: ['bronze', 'platinum'] }))).toThrow(/platinum/);
  });

  it('runs another pipeline given only as data', () => {
    const pipeline: PipelineDefinition = {
      name: 'tiny',
      stages: [{ name: 'only', app: '/abs/app.py', args: ['--from={startDate}', { option: '--where', param: 'warehouse' }] }],
    };
    const plan = buildPlan(testParams({ stages: ['only'], warehouse: '/wh' }), pipeline, 'R');
    expect(plan.stages[0]?.command.slice(-4)).toEqual(['/abs/app.py', '--from=2024-01-01', '--where', '/wh']);
  });

  it('keeps a value with spaces or quotes as one argument', () => {
    const stage = { name: 's', app: 'a.py', args: [{ option: '--locations', param: 'locations' as const }] };
    const command = buildStageCommand(stage, testParams({ locations: "ho chi minh'; rm -rf /" }), 'R');
    expect(command.at(-1)).toBe("ho chi minh'; rm -rf /");
  });

  it('rejects a placeholder naming an unset param', () => {
    expect(() => expandArgs(['--x', '{locations}'], testParams())).toThrow(/locations/);
  });

  it('rejects a placeholder naming no param, even one every object has', () => {
    expect(() => expandArgs(['--x', '{constructor}'], testParams())).toThrow(/needs constructor, which is not set/);
    expect(() => expandArgs(['--x', '{toString}'], testParams())).toThrow(/needs toString, which is not set/);
  });
});

describe('newRunId', () => {
  it('starts with the UTC time so ids sort by start', () => {
    const id = newRunId(new Date('2026-11-24T01:15:30.999Z'));
    expect(id).toMatch(/^20261124-011530-[0-9a-z]{4}$/);
    expect(newRunId(new Date('2026-11-24T01:15:31Z')) > id).toBe(true);
  });

  it('differs between two runs started in the same second', () => {
    const now = new Date('2026-11-24T01:15:30Z');
    const ids = new Set(Array.from({ length: 20 }, () => newRunId(now)));
    expect(ids.size).toBeGreaterThan(1);
  });
});
