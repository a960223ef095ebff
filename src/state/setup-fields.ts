import { decimalNumber, wholeNumber } from '../config/flags.js';
import type { BackfillOptions } from '../config/options.js';

export type TextFieldKey =
  | 'startDate'
  | 'endDate'
  | 'chunk'
  | 'parallel'
  | 'locations'
  | 'pollutants'
  | 'warehouse'
  | 'sparkSubmit'
  | 'master'
  | 'conf'
  | 'grace';
export type ToggleFieldKey = 'bronze' | 'silver' | 'gold' | 'failFast' | 'continueOnFailure';

export type SetupField =
  | { kind: 'text'; key: TextFieldKey; label: string; flags: string[]; hint?: string }
  | { kind: 'toggle'; key: ToggleFieldKey; label: string; flags: string[] };

/** The setup screen's fields in focus order. `flags` name the validation issues shown under a field. */
export const SETUP_FIELDS: readonly SetupField[] = [
  { kind: 'text', key: 'startDate', label: 'Start date', flags: ['--start-date'], hint: 'YYYY-MM-DD' },
  { kind: 'text', key: 'endDate', label: 'End date', flags: ['--end-date'], hint: 'YYYY-MM-DD' },
  { kind: 'toggle', key: 'bronze', label: 'Bronze', flags: ['--skip-bronze'] },
  { kind: 'toggle', key: 'silver', label: 'Silver', flags: ['--skip-silver'] },
  { kind: 'toggle', key: 'gold', label: 'Gold', flags: ['--skip-gold'] },
  { kind: 'text', key: 'chunk', label: 'Chunks', flags: ['--chunk'], hint: 'every stage: none (default), month, week or <N>d; one stage: gold=week' },
  { kind: 'text', key: 'parallel', label: 'Chunks at once', flags: ['--parallel'], hint: '1 (default)' },
  { kind: 'toggle', key: 'failFast', label: 'Fail fast', flags: ['--fail-fast'] },
  { kind: 'text', key: 'locations', label: 'Locations', flags: ['--locations'], hint: 'file, optional' },
  { kind: 'text', key: 'pollutants', label: 'Pollutants', flags: ['--pollutants'], hint: 'file, optional' },
  { kind: 'text', key: 'warehouse', label: 'Warehouse', flags: ['--warehouse'], hint: 'optional' },
  { kind: 'text', key: 'sparkSubmit', label: 'Spark submit', flags: ['--spark-submit'], hint: 'default: $SPARK_SUBMIT, $SPARK_HOME, the project\'s, PATH' },
  { kind: 'text', key: 'master', label: 'Master', flags: ['--master'] },
  { kind: 'text', key: 'conf', label: 'Conf', flags: ['--conf'], hint: 'key=value, space-separated' },
  { kind: 'toggle', key: 'continueOnFailure', label: 'Continue on failure', flags: ['--continue-on-failure'] },
  { kind: 'text', key: 'grace', label: 'Grace (s)', flags: ['--grace'] },
];

const STAGE_SKIP_KEY = { bronze: 'skipBronze', silver: 'skipSilver', gold: 'skipGold' } as const;

export function toggleValue(options: BackfillOptions, key: ToggleFieldKey): boolean {
  if (key === 'continueOnFailure') return options.continueOnFailure;
  if (key === 'failFast') return options.failFast ?? false;
  return !options[STAGE_SKIP_KEY[key]];
}

export function withToggled(options: BackfillOptions, key: ToggleFieldKey): BackfillOptions {
  if (key === 'continueOnFailure') return { ...options, continueOnFailure: !options.continueOnFailure };
  if (key === 'failFast') return { ...options, failFast: !options.failFast };
  const skipKey = STAGE_SKIP_KEY[key];
  return { ...options, [skipKey]: !options[skipKey] };
}

/** Grace as typed, read as `--grace` is: an empty text or one that is not a plain decimal (`0x10`, `1e3`) is NaN
 *  so that validation names it. */
export function parseGrace(text: string): number {
  return decimalNumber(text);
}

/** Chunks at once as typed, read as `--parallel` is: empty is the default (absent); anything but plain digits
 *  (`0x10`, `03`, `3.0`) is NaN so that validation names it. */
export function parseParallel(text: string): number | undefined {
  return text.trim() === '' ? undefined : wholeNumber(text);
}

export function parseConf(text: string): string[] {
  return text.split(/\s+/).filter((entry) => entry !== '');
}

/** The set of flags that some field shows issues for; issues with other flags are listed apart. */
export const FIELD_FLAGS: ReadonlySet<string> = new Set(SETUP_FIELDS.flatMap((field) => field.flags));
