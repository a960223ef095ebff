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
    expect(optionsFromFlags({ chunk: 'month', parallel: '4', failFast: true })).toEqual({ chunk: 'month', parallel: 4, failFast: true });
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

  it('prefills the setup from the last run', () => {
    const options = prefillOptions({}, testParams({ chunk: '10d', parallel: 2, failFast: true }));
    expect(options).toMatchObject({ chunk: '10d', parallel: 2, failFast: true });
    expect(prefillOptions({}, testParams())).toMatchObject({ chunk: 'none', parallel: 1, failFast: false });
  });
});
