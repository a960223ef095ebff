import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceConfigProblem, type ReferenceConfigKind } from '../../src/config/reference-config.js';

// The rules of --locations and --pollutants files, stated once: reference-config.json is the one table of cases;
// jobs/tests/unit/test_contract.py holds the jobs' reader (jobs/common/config.py) to it, this file the console's.
interface Case {
  name: string;
  file: ReferenceConfigKind;
  lines?: string[];
  hex?: string;
  ok?: true;
  line?: number | null;
  problem?: string;
}
const { cases } = JSON.parse(fs.readFileSync(new URL('./reference-config.json', import.meta.url), 'utf8')) as { cases: Case[] };

const bytesOf = (c: Case) => (c.hex !== undefined ? Buffer.from(c.hex, 'hex') : Buffer.from(c.lines!.map((line) => `${line}\n`).join(''), 'utf8'));

describe('the reference config contract: the console reads a file as the jobs do', () => {
  it('covers both files, accepted and refused', () => {
    expect(new Set(cases.map((c) => `${c.file} ${c.ok ? 'ok' : 'refused'}`))).toEqual(new Set(['locations ok', 'locations refused', 'pollutants ok', 'pollutants refused']));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const found = referenceConfigProblem(c.file, bytesOf(c));
    if (c.ok) {
      expect(found).toBeUndefined();
      return;
    }
    expect(found?.line ?? null).toBe(c.line);
    expect(found?.problem).toContain(c.problem);
  });
});
