import { decimalNumber, typedNumbers, wholeNumber } from '../config/flags.js';
import { formatChunkSettings, parseChunkSettings } from '../runner/plan/chunks.js';
import { defaultPipeline } from '../runner/plan/pipeline.js';
import { optionsFromParams } from '../config/prefill.js';
import { shown } from '../config/shown.js';
import type { BackfillOptions } from '../config/options.js';
import { validateOptions, type ValidationEnvironment } from '../config/validate.js';
import { REDACTED, redactedConfKeys } from '../runner/plan/redaction.js';
import type { RunParams } from '../runner/plan/plan-types.js';

// `backfill resume <id>` reruns what did not succeed, on the same data: the dates, stages, inputs and warehouse
// stay the old run's. How it runs may change: after an OOM the operator needs more memory, or smaller chunks
// (chunks give the same rows as one whole run; what succeeded is kept either way).

/** Flags of `resume` that change how the run is executed, as node:util parseArgs options. */
export const RESUME_EXECUTION_OPTIONS = {
  'spark-submit': { type: 'string' },
  master: { type: 'string' },
  conf: { type: 'string', multiple: true },
  chunk: { type: 'string', multiple: true },
  parallel: { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  grace: { type: 'string' },
  'fail-fast': { type: 'boolean' },
  'force-unlock': { type: 'boolean' },
  'notify-url': { type: 'string' },
  'notify-cmd': { type: 'string' },
} as const;

/** The params each execution flag sets. */
const PARAMS_OF_FLAG: Record<Exclude<keyof typeof RESUME_EXECUTION_OPTIONS, 'force-unlock'>, ReadonlyArray<keyof RunParams>> = {
  'spark-submit': ['sparkSubmit'],
  master: ['master'],
  conf: ['conf'],
  chunk: ['chunk', 'stageChunks'],
  parallel: ['parallel'],
  retries: ['retries'],
  'retry-delay': ['retryDelaySeconds'],
  grace: ['graceSeconds'],
  'fail-fast': ['failFast'],
  'notify-url': ['notifyUrl'],
  'notify-cmd': ['notifyCmd'],
};

/** Flags of a new backfill that name data; resume refuses them (declared so that the refusal can say why). */
export const RESUME_DATA_OPTIONS = {
  'start-date': { type: 'string' },
  'end-date': { type: 'string' },
  'skip-bronze': { type: 'boolean' },
  'skip-silver': { type: 'boolean' },
  'skip-gold': { type: 'boolean' },
  locations: { type: 'string' },
  pollutants: { type: 'string' },
  warehouse: { type: 'string' },
} as const;

export type ResumeValues = Partial<Record<keyof typeof RESUME_EXECUTION_OPTIONS | keyof typeof RESUME_DATA_OPTIONS, string | boolean | string[]>>;

/** `--conf` of the old run with the new entries laid over it: a key given again takes the new value. */
export function mergeConf(previous: readonly string[], overrides: readonly string[]): string[] {
  const keyOf = (entry: string) => entry.slice(0, entry.indexOf('='));
  const overridden = new Set(overrides.map(keyOf));
  return [...previous.filter((entry) => !overridden.has(keyOf(entry))), ...overrides];
}

/**
 * The new run's params: the old run's data settings, its execution settings with the given flags laid over
 * them, validated as a new backfill's would be. A data flag is refused, in words. The new run goes in `runsDir`,
 * the runs dir the old run was found in (the folder may have moved since it was recorded).
 */
export function resumeParams(
  previous: RunParams,
  values: ResumeValues,
  environment: ValidationEnvironment,
  runsDir = previous.runsDir,
): { ok: true; params: RunParams; changed: string[] } | { ok: false; messages: string[] } {
  const dataFlags = Object.keys(RESUME_DATA_OPTIONS).filter((flag) => values[flag as keyof ResumeValues] !== undefined);
  if (dataFlags.length > 0) {
    return {
      ok: false,
      messages: [
        `${dataFlags.map((flag) => `--${flag}`).join(', ')}: resume keeps the old run's data settings (dates, stages, locations, pollutants, warehouse); start a new backfill to change them.`,
      ],
    };
  }
  const given = (values.conf as string[] | undefined) ?? [];
  const lost = redactedConfKeys(previous.conf).filter((key) => !given.some((entry) => entry.startsWith(`${key}=`)));
  const messages = lost.map((key) => `--conf ${shown(key)} was recorded redacted (it looks like a secret); give it again: --conf ${shown(key)}=<value>.`);
  if (previous.notifyUrl?.includes(REDACTED) && typeof values['notify-url'] !== 'string') {
    messages.push('--notify-url was recorded redacted (webhook URLs hold their token); give it again: --notify-url <url>.');
  }
  if (messages.length > 0) return { ok: false, messages };
  const text = (key: keyof ResumeValues) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const number = (key: keyof ResumeValues, fallback: number | undefined, parse = decimalNumber) => (text(key) === undefined ? fallback : parse(text(key)!));
  const options: BackfillOptions = {
    ...optionsFromParams(previous),
    sparkSubmit: text('spark-submit') ?? previous.sparkSubmit[0] ?? '',
    master: text('master') ?? previous.master,
    conf: mergeConf(previous.conf, (values.conf as string[] | undefined) ?? []),
    ...(values.chunk !== undefined ? { chunk: resumedChunkSettings(previous, (values.chunk as string[]).join(',')) } : {}),
    grace: number('grace', previous.graceSeconds)!,
    runsDir,
    parallel: number('parallel', previous.parallel ?? 1, wholeNumber),
    failFast: values['fail-fast'] === true || previous.failFast === true,
    retries: number('retries', previous.retries ?? 0, wholeNumber),
    retryDelay: number('retry-delay', previous.retryDelaySeconds),
    ...(previous.minCompleteness !== undefined ? { minCompleteness: previous.minCompleteness } : {}),
    ...((text('notify-url') ?? previous.notifyUrl) ? { notifyUrl: text('notify-url') ?? previous.notifyUrl } : {}),
    ...((text('notify-cmd') ?? previous.notifyCmd) ? { notifyCmd: text('notify-cmd') ?? previous.notifyCmd } : {}),
  };
  const typed = typedNumbers({ grace: text('grace'), parallel: text('parallel'), retries: text('retries'), retryDelay: text('retry-delay'), minCompleteness: undefined });
  if (typed) options.typed = typed;
  // The range was valid when the run started; only the execution settings are judged against today.
  const result = validateOptions(options, { ...environment, now: new Date(Math.max(environment.now.getTime(), Date.parse(`${previous.endDate}T23:59:59Z`))) });
  if (!result.ok) return { ok: false, messages: result.issues.map((issue) => issue.message) };
  const fresh = result.params;
  const params: RunParams = {
    ...previous,
    sparkSubmit: text('spark-submit') !== undefined ? fresh.sparkSubmit : previous.sparkSubmit,
    master: fresh.master,
    conf: fresh.conf,
    graceSeconds: fresh.graceSeconds,
    runsDir: fresh.runsDir,
  };
  setOrDelete(params, 'chunk', fresh.chunk);
  setOrDelete(params, 'stageChunks', fresh.stageChunks);
  setOrDelete(params, 'parallel', fresh.parallel);
  setOrDelete(params, 'failFast', fresh.failFast);
  setOrDelete(params, 'retries', fresh.retries);
  setOrDelete(params, 'retryDelaySeconds', fresh.retryDelaySeconds);
  setOrDelete(params, 'notifyUrl', fresh.notifyUrl);
  setOrDelete(params, 'notifyCmd', fresh.notifyCmd);
  // A flag given with the value the old run had changes nothing, and is not said to.
  const changed = Object.keys(RESUME_EXECUTION_OPTIONS).filter((flag) => {
    if (flag === 'force-unlock' || values[flag as keyof ResumeValues] === undefined) return false;
    const fields = PARAMS_OF_FLAG[flag as keyof typeof PARAMS_OF_FLAG];
    return fields.some((field) => JSON.stringify(params[field]) !== JSON.stringify(previous[field]));
  });
  return { ok: true, params, changed };
}

/**
 * The sizes for what is left to run: a bare `--chunk` given to resume replaces every old size; `stage=size`
 * replaces that stage's only, the others keep theirs (`--chunk gold=14d` after `--chunk month` leaves silver
 * by month). A value that does not parse is passed on as given, for validation to name.
 */
function resumedChunkSettings(previous: RunParams, given: string): string {
  const parsed = parseChunkSettings(given, defaultPipeline.stages.filter((stage) => stage.chunkable).map((stage) => stage.name));
  if (!parsed.ok) return given;
  if (parsed.all !== undefined) return formatChunkSettings({ chunk: parsed.all, stageChunks: parsed.stages });
  const chunk = previous.chunk;
  return formatChunkSettings({ ...(chunk ? { chunk } : {}), stageChunks: { ...previous.stageChunks, ...parsed.stages } });
}

function setOrDelete<K extends keyof RunParams>(params: RunParams, key: K, value: RunParams[K] | undefined): void {
  if (value === undefined) Reflect.deleteProperty(params, key);
  else params[key] = value;
}
