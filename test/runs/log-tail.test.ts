// The log tail attach starts from (a folder snapshot) splits lines as the live view does: a job line that
// follows a `\r`-drawn Spark bar without a break is its own line, and the bars are left out (issue 16, item 26).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tailOfFile } from '../../src/runs/log-files.js';
import { StageOutputParser } from '../../src/runner/output-parser.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

const LOG =
  '26/12/05 12:01:08 INFO SparkContext: Running Spark version 3.5.7\n' +
  '\r[Stage 3:>                                       (0 + 8) / 200]BACKFILL_PROGRESS {"done": 1, "total": 4, "unit": "location-months"}\n' +
  '\r[Stage 3:==========>                             (50 + 8) / 200]\r                                                            \r\n' +
  'BACKFILL_RESULT {"stage": "silver", "status": "ok"}\n';

describe('a log tail read from disk', () => {
  it('has the lines the live view shows, no bar glued to a job line', () => {
    const file = path.join(tempDir(), 'silver.log');
    fs.writeFileSync(file, LOG);
    const live: string[] = [];
    const parser = new StageOutputParser({ onLines: (lines) => live.push(...lines) });
    parser.push(LOG);
    parser.end();

    expect(tailOfFile(file, 200)).toEqual([
      '26/12/05 12:01:08 INFO SparkContext: Running Spark version 3.5.7',
      'BACKFILL_PROGRESS {"done": 1, "total": 4, "unit": "location-months"}',
      'BACKFILL_RESULT {"stage": "silver", "status": "ok"}',
    ]);
    expect(tailOfFile(file, 200)).toEqual(live);
    expect(tailOfFile(file, 1)).toEqual(['BACKFILL_RESULT {"stage": "silver", "status": "ok"}']);
  });
});
