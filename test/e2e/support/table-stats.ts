import { execa } from 'execa';
import { PROJECT_ROOT, SPARK_SUBMIT } from './project.js';

/** Row counts and AQI ranges of every table, read with a real spark-submit from the Iceberg warehouse. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- table_stats.py's JSON, read field by field in the tests
export async function readTableStats(warehouse: string): Promise<Record<string, any>> {
  const result = await execa(SPARK_SUBMIT, ['devtools/table_stats.py', '--', '--warehouse', warehouse], {
    cwd: PROJECT_ROOT,
    env: { WAREHOUSE_URI: warehouse },
    stdin: 'ignore',
    reject: false,
  });
  const line = result.stdout.split('\n').find((text) => text.startsWith('TABLE_STATS '));
  if (result.exitCode !== 0 || !line) {
    throw new Error(`table_stats failed (exit ${result.exitCode}):\n${result.stderr.split('\n').slice(-20).join('\n')}`);
  }
  return JSON.parse(line.slice('TABLE_STATS '.length));
}
