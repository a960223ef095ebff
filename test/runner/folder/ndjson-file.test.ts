import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readNdjsonFile } from '../../../src/runner/folder/validated-json.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';

const tempDir = useTempDirs();
const schema = z.object({ n: z.number() });
const read = (file: string, maxBytes?: number) => readNdjsonFile(file, schema, { recordName: 'test record', ...(maxBytes ? { maxBytes } : {}) });

describe('an NDJSON record file as read', () => {
  it('gives a good file its records and no problem, and a missing one nothing (nothing recorded yet)', () => {
    const file = path.join(tempDir(), 'good.ndjson');
    fs.writeFileSync(file, '{"n":1}\n{"n":2}\n');
    expect(read(file)).toEqual({ records: [{ n: 1 }, { n: 2 }], problems: [] });
    expect(read(path.join(tempDir(), 'missing.ndjson'))).toEqual({ records: [], problems: [] });
  });

  it('names the lines it skipped: how many, and the first one\'s number', () => {
    const file = path.join(tempDir(), 'bad.ndjson');
    fs.writeFileSync(file, '{"n":1}\n\n{"n":"two"}\ngarbage\n{"n":4}\n{"n":5');
    expect(read(file)).toEqual({
      records: [{ n: 1 }, { n: 4 }],
      skipped: { count: 3, firstLine: 3 },
      problems: [`${file}: 3 lines are not test records; skipped (the first is line 3)`],
    });
    fs.writeFileSync(file, '{"n":1}\n{"n":2');
    expect(read(file).problems).toEqual([`${file}: line 2 is not a test record; skipped`]);
  });

  it('names a file it cannot read, and says why', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'fifo.ndjson');
    execFileSync('mkfifo', [fifo]);
    expect(read(fifo)).toEqual({ records: [], problems: [`${fifo} is a FIFO (named pipe), not a file backfill writes; move it aside`] });
    const folder = path.join(dir, 'folder.ndjson');
    fs.mkdirSync(folder);
    expect(read(folder).problems).toEqual([`${folder} is a folder, not a file backfill writes; move it aside`]);
  });

  it('says when only the end of a file larger than it reads was read, and counts lines from there', () => {
    const file = path.join(tempDir(), 'long.ndjson');
    fs.writeFileSync(file, `{"n":${'1'.repeat(100)}}\n{"n":2}\nbad\n{"n":3}\n`);
    const tail = read(file, 24);
    expect(tail.records).toEqual([{ n: 2 }, { n: 3 }]);
    expect(tail.skipped).toEqual({ count: 1, firstLine: 2 });
    expect(tail.problems).toEqual([
      `${file} is ${fs.statSync(file).size} bytes: only its last 24 were read, from the first whole line in them`,
      `${file}: line 2 of the part read is not a test record; skipped`,
    ]);
  });
});
