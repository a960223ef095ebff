// The log tail attach starts from (a folder snapshot) splits lines as the live view does: a job line that
// follows a `\r`-drawn Spark bar without a break is its own line, and the bars are left out (issue 16, item 26).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageLogTail, tailOfFile } from '../../src/lifecycle/log-files.js';
import type { StageRecord } from '../../src/runner/run/run-types.js';
import { StageOutputParser } from '../../src/runner/process/output-parser.js';
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

  it('of a chunked stage, labels each line with its chunk, the newest last', () => {
    const runDir = tempDir();
    fs.mkdirSync(path.join(runDir, 'logs', 'gold'), { recursive: true });
    fs.writeFileSync(path.join(runDir, 'logs', 'gold', '2024-01.log'), 'jan 1\njan 2\n');
    fs.writeFileSync(path.join(runDir, 'logs', 'gold', '2024-02.log'), 'feb 1\n');
    const chunk = (id: string) => ({ id, startDate: `${id}-01`, endDate: `${id}-28`, status: 'succeeded' });
    const stage = { name: 'gold', chunks: [chunk('2024-01'), chunk('2024-02')] } as unknown as StageRecord;
    expect(stageLogTail(runDir, stage, 200)).toEqual(['[2024-01] jan 1', '[2024-01] jan 2', '[2024-02] feb 1']);
    expect(stageLogTail(runDir, stage, 2)).toEqual(['[2024-01] jan 2', '[2024-02] feb 1']);
  });
});
