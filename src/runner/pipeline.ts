import type { PipelineDefinition } from './types.js';

/** The lakehouse's three layers. Another pipeline is another value of this shape, nothing more. */
export const defaultPipeline: PipelineDefinition = {
  name: 'air-quality-lakehouse',
  stages: [
    {
      name: 'bronze',
      app: 'jobs/bronze/run_bronze_pipeline.py',
      chunkable: true,
      args: [
        '--mode',
        'backfill',
        '--start-date',
        '{startDate}',
        '--end-date',
        '{endDate}',
        '--override',
        // The console's --locations/--pollutants name JSONL files; the jobs' --locations/--pollutants are
        // comma lists of keys, so the files go to the jobs' --locations-file/--pollutants-file.
        { option: '--locations-file', param: 'locations' },
        { option: '--pollutants-file', param: 'pollutants' },
        { option: '--warehouse', param: 'warehouse' },
      ],
    },
    {
      name: 'silver',
      app: 'jobs/silver/run_silver_pipeline.py',
      args: ['--mode', 'full', '--coverage-from', '{startDate}', '--coverage-to', '{endDate}', { option: '--warehouse', param: 'warehouse' }],
    },
    {
      name: 'gold',
      app: 'jobs/gold/run_gold_pipeline.py',
      args: [
        '--mode',
        'all',
        { option: '--locations-file', param: 'locations' },
        { option: '--pollutants-file', param: 'pollutants' },
        { option: '--warehouse', param: 'warehouse' },
      ],
    },
  ],
};
