import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJobFailure, parseJobResult } from '../../src/runner/process/job-lines.js';
import { parseJobProgress } from '../../src/runner/process/job-progress.js';

// The contract between the console and the jobs, half two: job-lines.json is the one spec of the lines a job
// prints; jobs/tests/unit/test_contract.py checks that the jobs print them so, this file that the console reads them so.
interface LineSpec {
  emitted: Array<{ line: string }>;
  accepted: Array<{ line: string; parsed: unknown }>;
  rejected: string[];
}
const spec = JSON.parse(fs.readFileSync(new URL('./job-lines.json', import.meta.url), 'utf8')) as Record<'progress' | 'result' | 'failed', LineSpec>;

const parsers = {
  progress: parseJobProgress,
  result: parseJobResult,
  failed: parseJobFailure,
} as const;

describe('the job-line contract', () => {
  for (const kind of ['progress', 'result', 'failed'] as const) {
    it(`${kind}: the console reads every accepted and emitted line, and no rejected one`, () => {
      const parse = parsers[kind];
      for (const { line, parsed } of spec[kind].accepted) expect(parse(line), line).toEqual(parsed);
      for (const { line } of spec[kind].emitted) expect(parse(line), line).toBeDefined();
      for (const line of spec[kind].rejected) expect(parse(line), line).toBeUndefined();
    });
  }
});
