import { describe, expect, it } from 'vitest';
import { argvProblem } from '../../src/config/argv-check.js';
import { FLAG_SPEC } from '../../src/config/flags.js';

const problem = (...argv: string[]) => argvProblem(argv, FLAG_SPEC);

describe('argvProblem', () => {
  it('accepts good command lines, inline values, repeated --conf and --no- booleans', () => {
    expect(problem('--start-date', '2024-01-01', '--end-date=2024-01-31', '--conf', 'a=1', '--conf', 'b=2', '--no-skip-gold', '--yes')).toBeUndefined();
    expect(problem('--help')).toBeUndefined();
    expect(problem('--', '--whatever', '--whatever')).toBeUndefined();
  });

  it('names a flag given twice', () => {
    expect(problem('--start-date', '2024-01-01', '--start-date', '2024-02-01')).toBe('--start-date is given twice; give it once.');
    expect(problem('--yes', '--yes')).toBe('--yes is given twice; give it once.');
  });

  it('names an unknown flag in the project format, with a near miss', () => {
    expect(problem('--end-dat', '2024-01-01')).toBe('--end-dat is not a backfill option (did you mean --end-date?). See backfill --help.');
    expect(problem('--bogus')).toBe('--bogus is not a backfill option. See backfill --help.');
    expect(problem('-x')).toMatch(/^-x is not an option/);
    expect(problem('--startDate', '2024-01-01')).toMatch(/^--startDate is not a backfill option/);
  });

  it("refuses Object.prototype's names as flags, in its own sentence", () => {
    for (const name of ['to-string', 'constructor', 'value-of', '__proto__', 'has-own-property', 'is-prototype-of']) {
      expect(problem(`--${name}=\u001b]0;PWNED\u0007\u001b[2J`, '--dry-run')).toBe(`--${name} is not a backfill option. See backfill --help.`);
      expect(problem(`--${name}`)).toBe(`--${name} is not a backfill option. See backfill --help.`);
      expect(problem(`--no-${name}`)).toMatch(/is not a backfill option/);
    }
  });

  it('names a flag that lacks its value, and a boolean given one', () => {
    expect(problem('--master')).toBe('--master needs a value; write it as --master <value>.');
    expect(problem('--master', '--yes')).toBe('--master needs a value; write it as --master <value>.');
    expect(problem('--yes=please')).toMatch(/^--yes takes no value/);
  });

  it('cuts a long unknown flag in its message', () => {
    const message = problem(`--${'x'.repeat(5000)}`)!;
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('(5000 characters)');
  });
});
