import { describe, expect, it } from 'vitest';
import { setupFormFrom } from '../../src/state/app-state.js';
import { SETUP_FIELDS } from '../../src/state/setup-fields.js';
import { focusedField, setupReducer, type SetupAction } from '../../src/state/setup-reducer.js';
import { validateOptions } from '../../src/config/validate.js';
import { validationEnvironment } from '../fixtures/validation-environment.js';
import { validOptions } from './run-fixtures.js';

const run = (...actions: SetupAction[]) => actions.reduce(setupReducer, setupFormFrom(validOptions({ startDate: '' })));
const focusOn = (key: string): SetupAction => ({ type: 'setup/focus', delta: SETUP_FIELDS.findIndex((field) => field.key === key) });

describe('setup reducer', () => {
  it('types into and erases from the focused text field', () => {
    const form = run({ type: 'setup/type', text: '2024-01-0' }, { type: 'setup/type', text: '2' }, { type: 'setup/erase' }, { type: 'setup/type', text: '1' });
    expect(form.options.startDate).toBe('2024-01-01');
  });

  it('ignores control characters', () => {
    expect(run({ type: 'setup/type', text: '\u0007\u007f' }).options.startDate).toBe('');
    expect(run({ type: 'setup/type', text: '20\u000724' }).options.startDate).toBe('2024');
  });

  it('moves focus both ways and wraps around', () => {
    expect(focusedField(run({ type: 'setup/focus', delta: 1 })).key).toBe('endDate');
    expect(focusedField(run({ type: 'setup/focus', delta: -1 })).key).toBe(SETUP_FIELDS.at(-1)!.key);
  });

  it('toggles stages as skip flags and continue-on-failure', () => {
    const form = run(focusOn('silver'), { type: 'setup/toggle' });
    expect(form.options.skipSilver).toBe(true);
    expect(setupReducer(form, { type: 'setup/toggle' }).options.skipSilver).toBe(false);
    const continuing = run(focusOn('continueOnFailure'), { type: 'setup/toggle' });
    expect(continuing.options.continueOnFailure).toBe(true);
  });

  it('does not toggle a text field nor type into a toggle', () => {
    const form = run({ type: 'setup/toggle' });
    expect(form.options).toEqual(run().options);
    expect(run(focusOn('bronze'), { type: 'setup/type', text: 'x' }).options).toEqual(run().options);
  });

  it('parses grace and conf as typed', () => {
    const grace = run(focusOn('grace'), { type: 'setup/erase' }, { type: 'setup/erase' }, { type: 'setup/type', text: '45' });
    expect(grace.options.grace).toBe(45);
    expect(run(focusOn('grace'), { type: 'setup/erase' }, { type: 'setup/erase' }).options.grace).toBeNaN();
    const conf = run(focusOn('conf'), { type: 'setup/type', text: 'spark.a=1  spark.b=2' });
    expect(conf.options.conf).toEqual(['spark.a=1', 'spark.b=2']);
  });

  it('keeps grace and chunks at once as typed, for messages to echo (0x100, not 256)', () => {
    const erased = run(focusOn('parallel'), ...Array.from({ length: 5 }, (): SetupAction => ({ type: 'setup/erase' })));
    expect(erased.options.typed?.parallel).toBeUndefined();
    const hex = setupReducer(erased, { type: 'setup/type', text: '0x100' });
    expect(hex.options.parallel).toBeNaN();
    expect(hex.options.typed).toEqual({ parallel: '0x100' });
    const grace = run(focusOn('grace'), { type: 'setup/erase' }, { type: 'setup/erase' }, { type: 'setup/type', text: '1e9' });
    expect(grace.options.typed).toEqual({ grace: '1e9' });
    const fromFlags = setupFormFrom(validOptions({ parallel: Number.NaN, grace: Number.NaN, typed: { parallel: '0x10', grace: 'soon' } }));
    expect([fromFlags.parallelText, fromFlags.graceText]).toEqual(['0x10', 'soon']);
  });

  it('reads its number fields as the flags are read: chunks at once in plain digits, grace a plain decimal', () => {
    const typedInto = (key: 'parallel' | 'grace', text: string) =>
      setupReducer(run(focusOn(key), ...Array.from({ length: 5 }, (): SetupAction => ({ type: 'setup/erase' }))), { type: 'setup/type', text }).options;
    for (const text of ['0x10', '03', '3.0', ' 3', '1e1', '+3']) expect(typedInto('parallel', text).parallel, text).toBeNaN();
    expect(typedInto('parallel', '12').parallel).toBe(12);
    for (const text of ['0x10', '1e3', 'Infinity', ' 30', '30 ', '030', '\u00a030']) expect(typedInto('grace', text).grace, text).toBeNaN();
    expect(typedInto('grace', '2.5').grace).toBe(2.5);
    const issues = validateOptions(typedInto('parallel', '0x10'), validationEnvironment('setup-numbers'));
    expect(!issues.ok && issues.issues).toContainEqual({ flag: '--parallel', message: expect.stringMatching(/^--parallel 0x10 is not a number of chunks at once; use a whole number from 1 to 64 in plain digits/) });
  });
});
