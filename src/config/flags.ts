import type { BackfillOptions, NumericOptionKey, TypedNumbers } from './options.js';
import { DEFAULT_RETRY_DELAY_SECONDS } from './defaults.js';

export const HELP_TEXT = `
  Usage
    $ backfill [options]

  Runs the lakehouse's stages (bronze, silver, gold) over a date range, each as its own
  spark-submit process, and shows their progress, elapsed time and logs.

  Range and stages
    --start-date YYYY-MM-DD   first day of the range (inclusive)
    --end-date YYYY-MM-DD     last day of the range (inclusive, not after today UTC)
    --skip-bronze             do not run bronze (ingest from the API)
    --skip-silver             do not run silver (clean, deduplicate)
    --skip-gold               do not run gold (dimensions, facts, AQI, episodes)

  Inputs and Spark
    --locations <path>        locations JSONL (default: the jobs' config/locations.jsonl)
    --pollutants <path>       pollutants JSONL (default: the jobs' config/pollutants.jsonl)
    --warehouse <uri>         Iceberg warehouse: a folder, file:///path, or hdfs://namenode:8020/path (also
                              viewfs, s3a, gs, oss, abfs, abfss, wasb, wasbs, with their authority)
                              (default: the submit command's; warehouse/ for the project's own)
    --spark-submit <path>     the submit command (default: $SPARK_SUBMIT, then $SPARK_HOME/bin/spark-submit,
                              then the project's scripts/spark_submit.sh, then spark-submit on PATH)
    --master <url>            Spark master (default local[*]; yarn for a cluster)
    --conf key=value          extra Spark conf, repeatable

  Chunks
    --chunk none|month|week|<N>d
                              split each stage's range into chunks, each its own spark-submit (fresh JVM,
                              own log and status): calendar months or ISO weeks cut at the range's ends,
                              or runs of N days (default none: one submit for the whole range)
    --chunk <stage>=<size>    repeatable: one stage's own size, e.g. --chunk month --chunk gold=week,
                              --chunk gold=none keeps gold whole
    --parallel <N>            run up to N chunks of a stage at once (default 1)
    --fail-fast               stop the other chunks when one fails (default: let them finish)

  Data quality
    --min-completeness <percent>
                              after silver, every location-day of the range needs this share of hours with
                              every AQI pollutant, or the run fails before gold naming the worst (default off)

  When the run ends (sent by the run's own process, so also when no terminal is attached)
    --notify-url <url>        POST the run's summary as JSON (with a one-line "text": Slack and Teams
                              incoming webhooks show it); retried, never fails the run; stored redacted
    --notify-cmd <path>       run this program (no shell) with the summary JSON on stdin and
                              BACKFILL_RUN_ID, BACKFILL_STATUS, BACKFILL_EXIT_CODE in its environment

  Behaviour
    --continue-on-failure     run later stages after a failure (default: stop)
    --retries <N>             start a failed stage (or chunk) again up to N times, each attempt with its
                              own log (default 0)
    --retry-delay <seconds>   wait between a failed attempt and the next (default ${DEFAULT_RETRY_DELAY_SECONDS})
    --grace <seconds>         time an aborted stage gets between SIGTERM and SIGKILL (default 30)
    --runs-dir <dir>          where runs are recorded (default .backfill/runs)
    --force-unlock            clear a warehouse lock left by a run on another machine (or an unreadable
                              one); a live run on this machine is never unlocked
    --headless                plain output even on a terminal (automatic when stdout is not a TTY)
    --json                    headless, one JSON event per line on stdout
    --dry-run                 print the plan and the exact commands, start nothing
    --yes                     with a terminal and complete flags, skip the setup screen
    --help                    this text
    --version                 the version

  Runs outlive the terminal
    With a terminal, a run lives in a runner process of its own: d (or Ctrl+C, then d) detaches,
    a closed SSH link too, and the run goes on. One run at a time may write to a warehouse.
    $ backfill attach [run-id]          reopen a run (default: the newest live one)
    $ backfill resume <run-id>          run again what did not succeed, as a new run
                                        (--dry-run: print what it would run, start nothing)
    $ backfill history [--json]         runs, newest first
    $ backfill logs <run-id> [--stage S] [--follow] [--grep PATTERN] [--quiet]
    $ backfill show <run-id> [--json]   parameters, stages, commits, coverage, notifications, roll back

  Exit codes
    0 every stage succeeded or was skipped   1 a stage failed
    2 bad usage or configuration, or the warehouse is in use (nothing started)
    130 aborted (operator, SIGINT or SIGTERM)

  Examples
    $ backfill
    $ backfill --start-date 2024-01-01 --end-date 2024-01-31 --yes
    $ backfill --start-date 2024-01-01 --end-date 2024-06-30 --master yarn --conf spark.executor.memory=8g --json
    $ backfill --start-date 2024-01-01 --end-date 2024-12-31 --chunk month --parallel 4 --yes
`;

export const FLAG_SPEC = {
  startDate: { type: 'string' },
  endDate: { type: 'string' },
  skipBronze: { type: 'boolean' },
  skipSilver: { type: 'boolean' },
  skipGold: { type: 'boolean' },
  locations: { type: 'string' },
  pollutants: { type: 'string' },
  warehouse: { type: 'string' },
  sparkSubmit: { type: 'string' },
  master: { type: 'string' },
  conf: { type: 'string', isMultiple: true },
  continueOnFailure: { type: 'boolean' },
  grace: { type: 'string' },
  runsDir: { type: 'string' },
  chunk: { type: 'string', isMultiple: true },
  parallel: { type: 'string' },
  failFast: { type: 'boolean' },
  retries: { type: 'string' },
  retryDelay: { type: 'string' },
  headless: { type: 'boolean' },
  json: { type: 'boolean' },
  dryRun: { type: 'boolean' },
  yes: { type: 'boolean' },
  forceUnlock: { type: 'boolean' },
  minCompleteness: { type: 'string' },
  notifyUrl: { type: 'string' },
  notifyCmd: { type: 'string' },
} as const;

/** Flags as meow gives them: absent flags are undefined (booleanDefault: undefined). */
export interface ParsedFlags {
  startDate?: string;
  endDate?: string;
  skipBronze?: boolean;
  skipSilver?: boolean;
  skipGold?: boolean;
  locations?: string;
  pollutants?: string;
  warehouse?: string;
  sparkSubmit?: string;
  master?: string;
  conf?: string[];
  continueOnFailure?: boolean;
  grace?: string;
  runsDir?: string;
  chunk?: string[];
  parallel?: string;
  failFast?: boolean;
  retries?: string;
  retryDelay?: string;
  headless?: boolean;
  json?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  forceUnlock?: boolean;
  minCompleteness?: string;
  notifyUrl?: string;
  notifyCmd?: string;
}

/** The options the flags set; keys of absent flags are left out so a caller can fill them from elsewhere. */
export function optionsFromFlags(flags: ParsedFlags): Partial<BackfillOptions> {
  const options: Partial<BackfillOptions> = {};
  const copy = <K extends keyof BackfillOptions>(key: K, value: BackfillOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  copy('startDate', flags.startDate);
  copy('endDate', flags.endDate);
  copy('skipBronze', flags.skipBronze);
  copy('skipSilver', flags.skipSilver);
  copy('skipGold', flags.skipGold);
  copy('locations', flags.locations);
  copy('pollutants', flags.pollutants);
  copy('warehouse', flags.warehouse);
  copy('sparkSubmit', flags.sparkSubmit);
  copy('master', flags.master);
  if (flags.conf && flags.conf.length > 0) options.conf = flags.conf;
  copy('continueOnFailure', flags.continueOnFailure);
  // Kept as a string until here so that "--grace abc" reaches validation as NaN and is named there.
  if (flags.grace !== undefined) options.grace = decimalNumber(flags.grace);
  copy('runsDir', flags.runsDir);
  // Every --chunk in one text, as the setup screen's field holds it: `month,gold=week`.
  if (flags.chunk && flags.chunk.length > 0) options.chunk = flags.chunk.join(',');
  if (flags.parallel !== undefined) options.parallel = wholeNumber(flags.parallel);
  copy('failFast', flags.failFast);
  if (flags.retries !== undefined) options.retries = wholeNumber(flags.retries);
  if (flags.retryDelay !== undefined) options.retryDelay = decimalNumber(flags.retryDelay);
  copy('notifyUrl', flags.notifyUrl);
  copy('notifyCmd', flags.notifyCmd);
  if (flags.minCompleteness !== undefined) options.minCompleteness = decimalNumber(flags.minCompleteness.replace(/%$/, ''));
  const typed = typedNumbers({ grace: flags.grace, parallel: flags.parallel, retries: flags.retries, retryDelay: flags.retryDelay, minCompleteness: flags.minCompleteness });
  if (typed) options.typed = typed;
  return options;
}

/** The numeric options given, as typed (for messages to echo); undefined when none is. */
export function typedNumbers(texts: Record<NumericOptionKey, string | undefined>): TypedNumbers | undefined {
  const typed: TypedNumbers = {};
  for (const [key, text] of Object.entries(texts) as [NumericOptionKey, string | undefined][]) {
    if (text !== undefined) typed[key] = text;
  }
  return Object.keys(typed).length > 0 ? typed : undefined;
}

/** A plain decimal as `--grace`, `--retry-delay` and `--min-completeness` take it: decimal digits without a leading
 *  zero (`0` and `0.5` aside) and an optional fraction (`4`, `2.5`), or such a number after a minus sign (`-3`, for
 *  validation to say how low it may go); anything else (` 3`, `3\t`, `03`, `3.`, `-0`, `0x10`, `1e3`, `Infinity`,
 *  '') is NaN for validation to name. The setup screen's grace field reads its text with it too. */
export function decimalNumber(text: string): number {
  if (!/^-?(0|[1-9]\d{0,14})(\.\d{1,6})?$/.test(text) || /^-0(\.0*)?$/.test(text)) return Number.NaN;
  return Number(text);
}

/** A count as `--parallel` and `--retries` take it: plain decimal digits without a leading zero (`4`, `0`), or such
 *  a number after a minus sign (for validation to say how low it may go); anything else (` 3`, `03`, `3.0`,
 *  `0x10`, '') is NaN for validation to name. The setup screen's count fields read their text with it too. */
export function wholeNumber(text: string): number {
  return /^(0|-?[1-9]\d{0,14})$/.test(text) ? Number(text) : Number.NaN;
}
