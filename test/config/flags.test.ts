import { describe, expect, it } from 'vitest';
import { optionsFromFlags } from '../../src/config/flags.js';
import { prefillOptions, optionsFromFlagsAndDefaults } from '../../src/config/prefill.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

const lastRun: RunParams = {
  startDate: '2024-03-01',
  endDate: '2024-03-31',
  stages: ['bronze', 'gold'],
  locations: '/cfg/locations.jsonl',
  sparkSubmit: ['/old/spark-submit'],
  master: 'yarn',
  conf: ['spark.a=1'],
  continueOnFailure: true,
  graceSeconds: 10,
  runsDir: '/runs',
  projectRoot: '/p',
};

describe('optionsFromFlags', () => {
  it('leaves absent flags out and turns --grace into a number', () => {
    expect(optionsFromFlags({ startDate: '2024-01-01', grace: '12', conf: [] })).toEqual({ startDate: '2024-01-01', grace: 12, typed: { grace: '12' } });
  });

  it('keeps a non-numeric --grace as NaN for validation to name', () => {
    expect(optionsFromFlags({ grace: 'soon' }).grace).toBeNaN();
  });
});

describe('prefillOptions', () => {
  it('fills what the flags leave out from the last run, but never its submit command', () => {
    const options = prefillOptions({ endDate: '2024-04-30', skipGold: false }, lastRun);
    expect(options).toMatchObject({
      startDate: '2024-03-01',
      endDate: '2024-04-30',
      skipBronze: false,
      skipSilver: true,
      skipGold: false,
      locations: '/cfg/locations.jsonl',
      master: 'yarn',
      conf: ['spark.a=1'],
      grace: 10,
      sparkSubmit: '',
    });
  });

  it('falls back to the defaults with no last run', () => {
    expect(prefillOptions({})).toMatchObject({ startDate: '', master: 'local[*]', grace: 30, runsDir: '.backfill/runs' });
    expect(optionsFromFlagsAndDefaults({ master: 'yarn' })).toMatchObject({ master: 'yarn', startDate: '' });
  });
});

describe('numbers in flags', () => {
  it('takes plain decimals only: 0x10, 1e3, Infinity and blanks are not numbers', async () => {
    const { decimalNumber } = await import('../../src/config/flags.js');
    expect(decimalNumber('16')).toBe(16);
    expect(decimalNumber('2.5')).toBe(2.5);
    expect(decimalNumber('-3')).toBe(-3); // for validation to say "must be at least 1", not "not a number"
    for (const text of ['0x10', '1e3', 'Infinity', '', '-', '--1', '0b1', '4 chunks']) expect(decimalNumber(text)).toBeNaN();
    expect(optionsFromFlags({ parallel: '0x10' }).parallel).toBeNaN();
  });

  it('takes a decimal (--grace, --retry-delay, --min-completeness) without blanks or a leading zero', async () => {
    const { decimalNumber } = await import('../../src/config/flags.js');
    for (const [text, value] of [['0', 0], ['0.5', 0.5], ['30', 30], ['2.25', 2.25], ['100', 100], ['-0.5', -0.5]] as const) expect(decimalNumber(text), text).toBe(value);
    const blanks = [' 3', '3 ', '\t3', '3\t', '\v3', '3\v', '\u00a03', '3\u00a0', '\u30003', '3\u3000', '\n3', '3\u200b'];
    for (const text of [...blanks, '03', '00', '00.5', '3.', '.5', '+3', '-0', '-0.0', '-03']) expect(decimalNumber(text), JSON.stringify(text)).toBeNaN();
    const read = optionsFromFlags({ grace: ' 3', retryDelay: '3 ', minCompleteness: '\u300090' });
    expect([read.grace, read.retryDelay, read.minCompleteness]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(optionsFromFlags({ minCompleteness: '90%' }).minCompleteness).toBe(90);
  });

  it('takes a count (--parallel, --retries) in plain digits only: no blank, leading zero, decimal point or plus', async () => {
    const { wholeNumber } = await import('../../src/config/flags.js');
    for (const [text, value] of [['0', 0], ['3', 3], ['64', 64], ['-3', -3]] as const) expect(wholeNumber(text)).toBe(value);
    for (const text of [' 3', '3 ', '03', '00', '3.0', '3.', '+3', '-0', '-03', '0x10', '1e3', '', '3d']) expect(wholeNumber(text), JSON.stringify(text)).toBeNaN();
    expect(optionsFromFlags({ parallel: ' 3', retries: '03' })).toMatchObject({ parallel: Number.NaN, retries: Number.NaN, typed: { parallel: ' 3', retries: '03' } });
    expect(optionsFromFlags({ parallel: '3.0' }).parallel).toBeNaN();
    expect(optionsFromFlags({ parallel: '4', retries: '0' })).toMatchObject({ parallel: 4, retries: 0 });
  });

  it('keeps each number as typed, for messages to echo', () => {
    expect(optionsFromFlags({ parallel: '0x10', retryDelay: '1e3', minCompleteness: '90%' }).typed).toEqual({ parallel: '0x10', retryDelay: '1e3', minCompleteness: '90%' });
    expect(optionsFromFlags({ startDate: '2024-01-01' }).typed).toBeUndefined();
  });
});
