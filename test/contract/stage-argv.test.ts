import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { argvCases } from './argv-cases.js';

// The contract between the console and the jobs, half one: every argv the console can produce is written to
// stage-argv.json, which jobs/tests/unit/test_contract.py parses with each job's own argparse. This test keeps the
// file equal to what the pipeline produces now (UPDATE_CONTRACT=1 rewrites it).
const FIXTURE = new URL('./stage-argv.json', import.meta.url);

describe('the argv contract with the jobs', () => {
  it('stage-argv.json holds exactly what the pipeline definition produces', () => {
    const now = `${JSON.stringify(argvCases(), null, 1)}\n`;
    if (process.env.UPDATE_CONTRACT === '1') fs.writeFileSync(FIXTURE, now);
    expect(fs.readFileSync(FIXTURE, 'utf8'), 'stale: run UPDATE_CONTRACT=1 npx vitest run test/contract').toBe(now);
  });

  it('covers every stage, each chunk form and each optional flag', () => {
    const cases = argvCases();
    expect(new Set(cases.map((entry) => entry.stage))).toEqual(new Set(['bronze', 'silver', 'gold']));
    for (const flag of ['--locations-file', '--pollutants-file', '--warehouse']) expect(cases.some((entry) => entry.args.includes(flag))).toBe(true);
    expect(cases.filter((entry) => entry.name.includes('chunk week') && entry.stage === 'bronze').length).toBeGreaterThan(4);
  });
});
