import { beforeEach, describe, expect, it } from 'vitest';
import { defaultOptions } from '../../src/config/defaults.js';
import { optionsFromFlags } from '../../src/config/flags.js';
import type { BackfillOptions } from '../../src/config/options.js';
import { prefillOptions } from '../../src/config/prefill.js';
import { validateOptions, type ValidationEnvironment } from '../../src/config/validate.js';
import { testParams } from '../fixtures/params.js';
import { validationEnvironment } from '../fixtures/validation-environment.js';

let environment: ValidationEnvironment;

beforeEach(() => {
  environment = validationEnvironment('chunk-flags');
});

const validate = (overrides: Partial<BackfillOptions>) =>
  validateOptions({ ...defaultOptions(), startDate: '2024-01-01', endDate: '2024-06-30', runsDir: 'runs', ...overrides }, environment);

describe('--chunk, --parallel, --fail-fast', () => {
  it('reads the flags, keeping a bad --parallel for validation to name', () => {
    expect(optionsFromFlags({ chunk: ['month'], parallel: '4', failFast: true })).toEqual({ chunk: 'month', parallel: 4, failFast: true, typed: { parallel: '4' } });
    expect(optionsFromFlags({ chunk: ['month', 'gold=week'] }).chunk).toBe('month,gold=week');
    expect(optionsFromFlags({ parallel: 'four' }).parallel).toBeNaN();
    expect(optionsFromFlags({})).toEqual({});
  });

  it('puts them in the run params, and leaves them out at their defaults', () => {
    const chunked = validate({ chunk: 'week', parallel: 3, failFast: true });
    expect(chunked.ok && chunked.params).toMatchObject({ chunk: 'week', parallel: 3, failFast: true });
    const plain = validate({});
    expect(plain.ok && Object.keys(plain.params)).not.toContain('chunk');
    expect(plain.ok && Object.keys(plain.params)).not.toContain('parallel');
    expect(plain.ok && Object.keys(plain.params)).not.toContain('failFast');
  });

  it('names the flag of a bad chunk size or parallelism', () => {
    const result = validate({ chunk: 'monthly', parallel: 0 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.flag)).toEqual(['--chunk', '--parallel']);
    expect(result.issues[0]?.message).toMatch(/--chunk monthly .*none, month, week/);
    for (const parallel of [Number.NaN, 2.5, -1, 65]) {
      const bad = validate({ parallel });
      expect(bad.ok ? [] : bad.issues.map((issue) => issue.flag)).toEqual(['--parallel']);
    }
  });

  it('takes a size for every stage and stage=size for one, the last word per stage', () => {
    const mixed = validate({ chunk: 'month,gold=week' });
    expect(mixed.ok && mixed.params).toMatchObject({ chunk: 'month', stageChunks: { gold: 'week' } });
    const goldWhole = validate({ chunk: 'month, gold=none' });
    expect(goldWhole.ok && goldWhole.params).toMatchObject({ chunk: 'month', stageChunks: { gold: 'none' } });
    const silverOnly = validate({ chunk: 'silver=3d' });
    expect(silverOnly.ok && silverOnly.params.stageChunks).toEqual({ silver: '3d' });
    expect(silverOnly.ok && Object.keys(silverOnly.params)).not.toContain('chunk');
  });

  it('names a bad stage=size in one line with the fix', () => {
    const cases: Array<[string, RegExp]> = [
      ['month,glod=week', /^--chunk glod=week names no stage; use bronze=, silver=, gold= \(e\.g\. --chunk gold=week\)\.$/],
      ['gold=weekly', /^--chunk gold=weekly is not a chunk size; use none, month, week .* gold=week\.$/],
      ['month,week', /^--chunk gives a size for every stage twice \(month, week\)/],
      ['gold=week,gold=month', /^--chunk gives gold twice \(week, month\); give each stage once\.$/],
      ['month,', /^--chunk \(empty\) is not a chunk size/],
    ];
    for (const [chunk, message] of cases) {
      const result = validate({ chunk });
      expect(result.ok ? [] : result.issues.map((issue) => issue.flag), chunk).toEqual(['--chunk']);
      expect(result.ok ? '' : result.issues[0]!.message, chunk).toMatch(message);
    }
  });

  it('prefills the setup from the last run', () => {
    expect(prefillOptions({}, testParams({ chunk: 'month', stageChunks: { gold: 'week' } })).chunk).toBe('month,gold=week');
    expect(prefillOptions({}, testParams({ stageChunks: { gold: 'week' } })).chunk).toBe('gold=week');
    const options = prefillOptions({}, testParams({ chunk: '10d', parallel: 2, failFast: true }));
    expect(options).toMatchObject({ chunk: '10d', parallel: 2, failFast: true });
    expect(prefillOptions({}, testParams())).toMatchObject({ chunk: 'none', parallel: 1, failFast: false });
  });
});
