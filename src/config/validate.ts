import { accessSync, constants, statSync } from 'node:fs';
import { clusterIssues } from './cluster-checks.js';
import { localWarehouseProblem } from './local-warehouse.js';
import { FolderError, nearestFolder, newFolderRefusal } from '../runner/folder/make-folders.js';
import { canonicalWarehouseUri, warehouseUriProblem } from './warehouse-uri.js';
import path from 'node:path';
import { parseChunkSettings } from '../runner/plan/chunks.js';
import { defaultPipeline } from '../runner/plan/pipeline.js';
import { dateProblem, todayUtc } from './dates.js';
import { DEFAULT_RETRY_DELAY_SECONDS } from './defaults.js';
import { masterProblem } from './master.js';
import type { BackfillOptions, NumericOptionKey, OptionIssue, ValidationResult } from './options.js';
import { resolveSparkSubmit } from './spark-submit.js';
import { shown } from './shown.js';
import { referenceConfigFileProblem, type ReferenceConfigKind } from './reference-config.js';
import { REDACTED, redactConfTypo, redactionPattern, redactUrl } from '../runner/plan/redaction.js';
import type { RunParams } from '../runner/plan/plan-types.js';

export interface ValidationEnvironment {
  now: Date;
  cwd: string;
  env: NodeJS.ProcessEnv;
  projectRoot: string;
}

/** More attempts than this is a typo rather than a plan. */
export const MAX_RETRIES = 20;

/** Longest wait accepted for --grace and --retry-delay: a day. Node's timers overflow past 24.8 days and
 *  fire at once, so a larger value would silently mean "no wait". */
export const MAX_WAIT_SECONDS = 86_400;

/** More chunks at once than this is a typo rather than a plan (each is a driver JVM). */
export const MAX_PARALLEL = 64;

const STAGE_SKIP_FLAGS = [
  ['bronze', 'skipBronze'],
  ['silver', 'skipSilver'],
  ['gold', 'skipGold'],
] as const;

/** Checks everything that can be checked before a run starts, without writing anything. */
export function validateOptions(options: BackfillOptions, environment: ValidationEnvironment): ValidationResult {
  const issues: OptionIssue[] = [];
  const add = (flag: string, message: string | undefined) => {
    if (message) issues.push({ flag, message });
  };
  // A number in a message as the operator typed it (0x10, 1e3, 2.50), else as read.
  const typed = (key: NumericOptionKey, value: number) => {
    const text = options.typed?.[key];
    if (text !== undefined) return shown(text);
    return Number.isNaN(value) ? '(not a number)' : String(value);
  };

  const startProblem = dateProblem(options.startDate, '--start-date');
  const endProblem = dateProblem(options.endDate, '--end-date');
  add('--start-date', startProblem);
  add('--end-date', endProblem);
  if (!startProblem && !endProblem && options.endDate < options.startDate) {
    add('--end-date', `--end-date ${options.endDate} is before --start-date ${options.startDate}; swap them.`);
  }
  const today = todayUtc(environment.now);
  if (!endProblem && options.endDate > today) {
    add('--end-date', `--end-date ${options.endDate} is in the future (today is ${today} UTC); end the range today or earlier.`);
  } else if (!startProblem && options.startDate > today) {
    add('--start-date', `--start-date ${options.startDate} is in the future (today is ${today} UTC).`);
  }

  const stages = STAGE_SKIP_FLAGS.filter(([, key]) => !options[key]).map(([name]) => name);
  if (stages.length === 0) {
    add('--skip-bronze', 'All stages are skipped (--skip-bronze --skip-silver --skip-gold); leave at least one to run.');
  }

  const locations = inputFile(options.locations, 'locations', environment.cwd, add);
  const pollutants = inputFile(options.pollutants, 'pollutants', environment.cwd, add);

  const { warehouse, problem: warehouseProblem } = checkedWarehouse(options.warehouse, environment.cwd, environment.env);
  add('--warehouse', warehouseProblem);
  const badMaster = masterProblem(options.master);
  add('--master', badMaster);
  if (!badMaster && !warehouseProblem) {
    const given = warehouse ? { warehouse } : {};
    for (const issue of clusterIssues(options.master, { ...given, projectRoot: environment.projectRoot }, environment.env, options.conf)) add(issue.flag, issue.message);
  }

  const secretKey = redactionPattern(options.conf);
  for (const entry of options.conf) {
    if (!/^[^=\s]+=/.test(entry)) {
      add('--conf', `--conf ${shown(redactConfTypo(entry, secretKey))} is not key=value; write it as --conf spark.executor.memory=4g.`);
    } else if (entry.endsWith(`=${REDACTED}`)) {
      // The last run's value, stored redacted (the setup screen starts from it): the mask must never reach a job.
      const key = entry.slice(0, entry.indexOf('='));
      add('--conf', `--conf ${shown(key)} holds the redacted placeholder of a recorded run, not its secret; type the value again: --conf ${shown(key)}=<value>.`);
    }
  }

  if (options.grace < 0) add('--grace', atLeast('--grace', typed('grace', options.grace), 0, '30'));
  else if (options.grace > MAX_WAIT_SECONDS) add('--grace', atMost('--grace', typed('grace', options.grace), MAX_WAIT_SECONDS, '30'));
  else if (!Number.isFinite(options.grace)) {
    add('--grace', `--grace ${typed('grace', options.grace)} is not a number of seconds from 0 to ${MAX_WAIT_SECONDS}; use e.g. --grace 30.`);
  }

  const chunk = parseChunkSettings(
    options.chunk ?? 'none',
    defaultPipeline.stages.filter((stage) => stage.chunkable).map((stage) => stage.name),
    shown,
  );
  if (!chunk.ok) add('--chunk', chunk.problem);
  const parallel = options.parallel ?? 1;
  if (parallel < 1) add('--parallel', atLeast('--parallel', typed('parallel', parallel), 1, '4'));
  else if (!Number.isInteger(parallel)) {
    add('--parallel', `--parallel ${typed('parallel', parallel)} is not a number of chunks at once; use a whole number from 1 to ${MAX_PARALLEL} in plain digits (no blank, leading zero or decimal point), e.g. --parallel 4.`);
  } else if (parallel > MAX_PARALLEL) add('--parallel', atMost('--parallel', typed('parallel', parallel), MAX_PARALLEL, '4'));

  const retries = options.retries ?? 0;
  if (retries < 0) add('--retries', atLeast('--retries', typed('retries', retries), 0, '2'));
  else if (!Number.isInteger(retries)) {
    add('--retries', `--retries ${typed('retries', retries)} is not a number of retries; use a whole number from 0 to ${MAX_RETRIES} in plain digits (no blank, leading zero or decimal point), e.g. --retries 2.`);
  } else if (retries > MAX_RETRIES) add('--retries', atMost('--retries', typed('retries', retries), MAX_RETRIES, '2'));
  const retryDelay = options.retryDelay ?? DEFAULT_RETRY_DELAY_SECONDS;
  if (retryDelay < 0) add('--retry-delay', atLeast('--retry-delay', typed('retryDelay', retryDelay), 0, '60'));
  else if (retryDelay > MAX_WAIT_SECONDS) add('--retry-delay', atMost('--retry-delay', typed('retryDelay', retryDelay), MAX_WAIT_SECONDS, '60'));
  else if (!Number.isFinite(retryDelay)) {
    add('--retry-delay', `--retry-delay ${typed('retryDelay', retryDelay)} is not a number of seconds from 0 to ${MAX_WAIT_SECONDS}; use e.g. --retry-delay 60.`);
  }

  const minCompleteness = options.minCompleteness;
  if (minCompleteness !== undefined && minCompleteness < 0) add('--min-completeness', atLeast('--min-completeness', typed('minCompleteness', minCompleteness), 0, '90'));
  else if (minCompleteness !== undefined && minCompleteness > 100) add('--min-completeness', atMost('--min-completeness', typed('minCompleteness', minCompleteness), 100, '90'));
  else if (minCompleteness !== undefined && !Number.isFinite(minCompleteness)) {
    add('--min-completeness', `--min-completeness ${typed('minCompleteness', minCompleteness)} is not a percentage; use a number from 0 to 100, e.g. --min-completeness 90.`);
  }
  if (minCompleteness !== undefined && (options.skipSilver || options.skipGold)) {
    add('--min-completeness', '--min-completeness gates gold on what silver reports; it needs both silver and gold in the run.');
  }

  if (options.notifyUrl !== undefined) add('--notify-url', notifyUrlProblem(options.notifyUrl));
  let notifyCmd: string | undefined;
  if (options.notifyCmd !== undefined) {
    const resolved = path.resolve(environment.cwd, options.notifyCmd);
    try {
      if (!statSync(resolved).isFile()) throw new Error('not a file');
      accessSync(resolved, constants.X_OK);
      notifyCmd = resolved;
    } catch {
      add('--notify-cmd', `--notify-cmd ${shown(options.notifyCmd)} is not an executable file; give the path of a program (chmod +x a script). It runs without a shell.`);
    }
  }

  const runsDir = path.resolve(environment.cwd, options.runsDir || '.');
  add('--runs-dir', runsDirProblem(runsDir, options.runsDir));

  const submit = resolveSparkSubmit(options.sparkSubmit, environment);
  if (!submit.ok) add(submit.flag, submit.message);

  if (issues.length > 0 || !submit.ok) return { ok: false, issues };

  const params: RunParams = {
    startDate: options.startDate,
    endDate: options.endDate,
    stages,
    sparkSubmit: [submit.command],
    master: options.master,
    conf: [...options.conf],
    continueOnFailure: options.continueOnFailure,
    graceSeconds: options.grace,
    runsDir,
    projectRoot: environment.projectRoot,
  };
  if (locations) params.locations = locations;
  if (pollutants) params.pollutants = pollutants;
  if (warehouse) params.warehouse = warehouse;
  // Left out at their defaults, so that a run without chunks records the same params as before.
  if (chunk.ok && chunk.all && chunk.all !== 'none') params.chunk = chunk.all;
  if (chunk.ok && Object.keys(chunk.stages).length > 0) params.stageChunks = chunk.stages;
  if (parallel !== 1) params.parallel = parallel;
  if (options.failFast) params.failFast = true;
  if (minCompleteness !== undefined) params.minCompleteness = minCompleteness;
  if (options.notifyUrl) params.notifyUrl = options.notifyUrl;
  if (notifyCmd) params.notifyCmd = notifyCmd;
  if (retries > 0) {
    params.retries = retries;
    params.retryDelaySeconds = retryDelay;
  }
  return { ok: true, params };
}

/** A webhook address the run's end can be POSTed to: whole (WHATWG URL parse, no blanks), http or https, and
 *  without user:password, which would be written into run.json and every report. */
function notifyUrlProblem(value: string): string | undefined {
  const given = `--notify-url ${shown(redactUrl(value))}`;
  let url: URL | undefined;
  try {
    url = /\s/.test(value) ? undefined : new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return `${given} is not an http(s) URL; give the webhook's address, e.g. --notify-url https://hooks.example.com/...`;
  }
  if (url.username || url.password) {
    return `${given} carries a user or password, which would be recorded with the run; put the webhook's secret in its path or query instead.`;
  }
  return undefined;
}

/** A number below its flag's least value (`--parallel -3`, `--retries -1`): said as such, not "not a number";
 *  `value` as typed. */
function atLeast(flag: string, value: string, min: number, example: string): string {
  return `${flag} ${value} is too low: it must be at least ${min}; e.g. ${flag} ${example}.`;
}

/** A well-formed number above its flag's greatest value (`--parallel 65`): said as such, not "not a number". */
function atMost(flag: string, value: string, max: number, example: string): string {
  return `${flag} ${value} is too high: it must be at most ${max}; e.g. ${flag} ${example}.`;
}

/** A --locations or --pollutants file the jobs will read (reference-config.ts, the jobs' own rules), or the first
 *  problem named with its line and fix; a file the bounded reader refuses (missing, a folder, a FIFO, too large)
 *  is named as what it is. */
function inputFile(
  value: string,
  kind: ReferenceConfigKind,
  cwd: string,
  add: (flag: string, message: string | undefined) => void,
): string | undefined {
  if (!value) return undefined;
  const flag = `--${kind}`;
  const file = path.resolve(cwd, value);
  const bad = referenceConfigFileProblem(kind, file);
  if (bad) {
    const where = bad.line === undefined ? '' : `:${bad.line}`;
    add(flag, `${flag} ${shown(value)}${where}: ${shown(bad.problem, 200)}; ${bad.fix} (config/${kind}.jsonl shows the format).`);
    return undefined;
  }
  return file;
}

/** The runs dir need not exist yet, but its nearest existing ancestor must be a folder that takes a new folder
 *  (tried: see newFolderRefusal). */
function runsDirProblem(runsDir: string, given: string): string | undefined {
  const flag = `--runs-dir ${shown(given)}`;
  let existing: string;
  try {
    existing = nearestFolder(runsDir).existing;
  } catch (error) {
    if (!(error instanceof FolderError)) throw error;
    const fix = error.reason === 'is a link to nothing' ? 'point it at a folder, or pick another --runs-dir' : 'pick another --runs-dir';
    return `${flag}: ${shown(error.folder)} ${error.reason}; ${fix}.`;
  }
  const refusal = newFolderRefusal(existing);
  return refusal && `${flag}: ${shown(existing)} does not take new folders (${refusal}); pick a folder you can write to.`;
}

/** `--warehouse` as the jobs get it, or why it cannot be one (a local folder that cannot be made: before any
 *  lock is taken for it). */
function checkedWarehouse(given: string, cwd: string, env: NodeJS.ProcessEnv): { warehouse?: string; problem?: string } {
  if (!given) return {};
  const uriProblem = warehouseUriProblem(given, env);
  if (uriProblem) return { problem: `--warehouse ${uriProblem}` };
  const warehouse = warehouseUri(given, cwd, env);
  const problem = warehouse.startsWith('/') ? localWarehouseProblem(warehouse, given, cwd) : undefined;
  return problem ? { problem } : { warehouse };
}

/** The warehouse as the jobs get it: its canonical URI (the one the warehouse lock is keyed by), a local one
 *  as the absolute path it names (the jobs run elsewhere). */
function warehouseUri(value: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const canonical = canonicalWarehouseUri(value, cwd, env);
  return canonical.startsWith('file://') ? canonical.slice('file://'.length) : canonical;
}
