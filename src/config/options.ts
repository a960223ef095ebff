// What the operator chooses, as typed (flags, setup screen, last run). Validation turns it into RunParams.
import type { RunParams } from '../runner/plan/plan-types.js';

export interface BackfillOptions {
  startDate: string; // as typed; '' when not given
  endDate: string;
  skipBronze: boolean;
  skipSilver: boolean;
  skipGold: boolean;
  locations: string; // '' when not given
  pollutants: string;
  warehouse: string;
  sparkSubmit: string; // '' means: resolve the default
  master: string;
  conf: string[];
  continueOnFailure: boolean;
  grace: number;
  runsDir: string;
  /** `none` (default), `month`, `week` or `<N>d`, and `stage=size` for one stage, comma-separated
   *  (`month,gold=week`): how each stage's range is split into submits. Optional so that older callers need
   *  not know it; absent means the default. */
  chunk?: string;
  /** Chunks at once (default 1); NaN when typed as something that is not a number. */
  parallel?: number;
  /** Stop the other chunks at the first failed one (default false). */
  failFast?: boolean;
  /** Times a failed stage is started again (default 0); NaN when typed as something that is not a number. */
  retries?: number;
  /** Seconds between a failed attempt and the next (default 30); NaN when not a number. */
  retryDelay?: number;
  /** Percent (0-100) of complete hours each location-day needs after silver; absent: no gate. */
  minCompleteness?: number;
  notifyUrl?: string;
  notifyCmd?: string;
  /** The numeric options as the operator typed them (a flag's text, a setup field's), for messages to echo:
   *  `--parallel 0x10` is named as 0x10, not as the number or NaN it was read as. Absent: echoed as the number. */
  typed?: TypedNumbers;
}

export type NumericOptionKey = 'grace' | 'parallel' | 'retries' | 'retryDelay' | 'minCompleteness';
export type TypedNumbers = Partial<Record<NumericOptionKey, string>>;

/** A problem with one option, named by its command-line flag. */
export interface OptionIssue {
  flag: string; // e.g. '--start-date'
  message: string; // one sentence with the fix, e.g. "--end-date 2024-02-30 is not a real date; use YYYY-MM-DD."
}

export type ValidationResult =
  | { ok: true; params: RunParams }
  | { ok: false; issues: OptionIssue[] };
