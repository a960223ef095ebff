import type { ArgToken, PipelineDefinition } from './plan-types.js';

const GOLD_INPUTS: ArgToken[] = [
  { option: '--locations-file', param: 'locations' },
  { option: '--pollutants-file', param: 'pollutants' },
  { option: '--warehouse', param: 'warehouse' },
];

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
      chunkable: true,
      args: ['--mode', 'full', '--coverage-from', '{startDate}', '--coverage-to', '{endDate}', { option: '--warehouse', param: 'warehouse' }],
      // A chunk rewrites its days of silver from bronze's rows of those days (bronze is cut by the day of each
      // row's hour, so the rows deduplicated together never fall in two chunks) and reports their coverage, with
      // a row for each location of the run's file (it reads no other days of silver to find them).
      chunkArgs: [
        '--mode',
        'incremental',
        '--start-date',
        '{startDate}',
        '--end-date',
        '{endDate}',
        '--coverage-from',
        '{startDate}',
        '--coverage-to',
        '{endDate}',
        { option: '--locations-file', param: 'locations' },
        { option: '--warehouse', param: 'warehouse' },
      ],
    },
    {
      name: 'gold',
      app: 'jobs/gold/run_gold_pipeline.py',
      chunkable: true,
      args: ['--mode', 'all', ...GOLD_INPUTS],
      // A chunk rewrites the facts of its days (reading silver around them: jobs/gold/chunk_window.py); the
      // first chunk also writes the dims, once for the stage, from the whole of silver.
      chunkArgs: ['--mode', 'facts', '--start-date', '{startDate}', '--end-date', '{endDate}', ...GOLD_INPUTS],
      firstChunkArgs: ['--mode', 'all', '--start-date', '{startDate}', '--end-date', '{endDate}', ...GOLD_INPUTS],
    },
  ],
};
