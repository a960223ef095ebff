import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { defaultOptions } from '../../src/config/defaults.js';
import { optionsFromFlags } from '../../src/config/flags.js';
import type { BackfillOptions } from '../../src/config/options.js';
import { validateOptions, type ValidationEnvironment } from '../../src/config/validate.js';
import { validationEnvironment } from '../fixtures/validation-environment.js';

let environment: ValidationEnvironment;

beforeEach(() => {
  environment = validationEnvironment('retry-flags');
});
afterEach(() => vi.restoreAllMocks());

const validate = (overrides: Partial<BackfillOptions>) =>
  validateOptions({ ...defaultOptions(), startDate: '2024-01-01', endDate: '2024-06-30', runsDir: 'runs', ...overrides }, environment);

describe('--retries, --retry-delay', () => {
  it('reads the flags, keeping bad numbers for validation to name', () => {
    expect(optionsFromFlags({ retries: '2', retryDelay: '90' })).toEqual({ retries: 2, retryDelay: 90, typed: { retries: '2', retryDelay: '90' } });
    expect(optionsFromFlags({ retries: 'two' }).retries).toBeNaN();
  });

  it('puts them in the run params (delay default 30 s), and leaves them out without retries', () => {
    expect(validate({ retries: 2 }).ok && validate({ retries: 2 })).toMatchObject({ params: { retries: 2, retryDelaySeconds: 30 } });
    expect(validate({ retries: 1, retryDelay: 5 })).toMatchObject({ params: { retries: 1, retryDelaySeconds: 5 } });
    const plain = validate({});
    expect(plain.ok && Object.keys(plain.params)).not.toContain('retries');
  });

  it('says a count above its range is too high, and keeps the plain-digits fix for a malformed one', () => {
    const messages = (overrides: Partial<BackfillOptions>) => {
      const result = validate(overrides);
      return result.ok ? [] : result.issues.map((issue) => issue.message);
    };
    expect(messages({ retries: 21 })).toEqual(['--retries 21 is too high: it must be at most 20; e.g. --retries 2.']);
    expect(messages({ parallel: 65 })).toEqual(['--parallel 65 is too high: it must be at most 64; e.g. --parallel 4.']);
    expect(messages({ parallel: 65.5 })[0]).toMatch(/^--parallel 65\.5 is not a number of chunks at once; use a whole number from 1 to 64 in plain digits/);
    expect(messages({ retries: 1.5 })[0]).toMatch(/^--retries 1\.5 is not a number of retries; use a whole number from 0 to 20 in plain digits/);
  });

  it('names the flag of a bad value', () => {
    for (const retries of [Number.NaN, 1.5, -1, 21]) {
      const bad = validate({ retries });
      expect(bad.ok ? [] : bad.issues.map((issue) => issue.flag)).toEqual(['--retries']);
    }
    for (const retryDelay of [Number.NaN, -5]) {
      const bad = validate({ retries: 1, retryDelay });
      expect(bad.ok ? [] : bad.issues.map((issue) => issue.flag)).toEqual(['--retry-delay']);
    }
  });

  it('stops the CLI with exit 2 and the flag named', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const code = await main({
      options: { startDate: '2024-01-01', endDate: '2024-01-02', runsDir: path.join(environment.cwd, 'runs'), retries: Number.NaN },
      headless: true,
      json: false,
      dryRun: true,
      yes: false,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--retries (not a number) is not a number of retries');
  });
});
