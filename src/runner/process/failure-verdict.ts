import { shellQuote } from '../../text/shell-quote.js';
import { exitMeaning, signalOf } from './exit-meaning.js';
import { cutLine, MAX_CAUSES, type FoundInLog } from './failure-cause.js';
import { chunkSpecFor, daysInRange, formatChunkSettings } from '../plan/chunks.js';
import { type FailureCause, type FailureKind } from '../run/run-types.js';
import { type ChunkSpec, type RunParams } from '../plan/plan-types.js';

// From what the log said and how the process ended to a cause in words and, where one exists, the command
// that fixes it. Only what `backfill resume` accepts is suggested (src/lifecycle/resume-settings.ts: how the run
// executes may change on resume, its data may not).

export interface FailureContext {
  runId: string;
  /** As recorded (secrets redacted): only the memory and chunk settings and the range are read. */
  params: Pick<RunParams, 'conf' | 'master' | 'parallel' | 'chunk' | 'stageChunks' | 'startDate' | 'endDate'>;
  /** The stage whose process failed. */
  stage?: string;
}

export interface ProcessEnd {
  exitCode: number | null;
  signal: string | null;
  /** Why the process could not be started. */
  startError?: string;
}

function kindOf(found: FoundInLog, end: ProcessEnd): FailureKind {
  if (end.startError !== undefined) return 'not-started';
  const signal = signalOf(end.exitCode, end.signal);
  if (found.containerMemory !== undefined) return 'container-memory';
  if (end.exitCode === 52 || found.outOfMemory !== undefined) return 'out-of-memory';
  if (signal === 'SIGKILL') return 'killed';
  if (signal === 'SIGTERM') return 'terminated';
  if (signal === 'SIGINT') return 'interrupted';
  if (found.jobFailure !== undefined) return end.exitCode === 2 ? 'bad-input' : 'job-failed';
  if (found.exception !== undefined) return 'exception';
  return 'exit';
}

/** The line that says it best: the job's reason, else the first exception (the OOM one when memory ran out). */
function summaryOf(found: FoundInLog, end: ProcessEnd, kind: FailureKind, exit: string): { summary: string; causes: string[] } {
  if (end.startError !== undefined) return { summary: cutLine(end.startError), causes: [] };
  if (found.jobFailure !== undefined) {
    const causes = found.jobCauses.length > 0 || found.exception === undefined ? found.jobCauses : [found.exception, ...found.exceptionCauses];
    return { summary: found.jobFailure, causes: causes.slice(0, MAX_CAUSES) };
  }
  const memoryLine = kind === 'container-memory' ? found.containerMemory : kind === 'out-of-memory' ? found.outOfMemory : undefined;
  const exceptionSaysIt = found.exception !== undefined && (memoryLine === undefined || [found.exception, ...found.exceptionCauses].some((line) => /OutOfMemoryError|memory limits/i.test(line)));
  if (exceptionSaysIt) return { summary: found.exception!, causes: found.exceptionCauses };
  if (memoryLine !== undefined) return { summary: memoryLine, causes: [] };
  if (found.exception !== undefined) return { summary: found.exception, causes: found.exceptionCauses };
  return { summary: found.diagnostics ?? exit, causes: [] };
}

/** The cause of a failed process, with its fix. */
export function describeFailure(found: FoundInLog, end: ProcessEnd, context: FailureContext): FailureCause {
  const kind = kindOf(found, end);
  const exit = exitMeaning(end.exitCode, end.signal);
  const { summary, causes } = summaryOf(found, end, kind, exit);
  return {
    kind,
    summary,
    causes,
    exit,
    ...(found.diagnostics !== undefined ? { diagnostics: found.diagnostics } : {}),
    ...fixFor(kind, found, context),
  };
}

const resume = (context: FailureContext, ...flags: string[]) => shellQuote(['backfill', 'resume', context.runId, ...flags]);

function fixFor(kind: FailureKind, found: FoundInLog, context: FailureContext): { advice?: string; fix?: string } {
  const { conf, master, parallel = 1 } = context.params;
  switch (kind) {
    case 'out-of-memory': {
      const onExecutor = found.outOfMemoryOnExecutor && !master.startsWith('local');
      const key = onExecutor ? 'spark.executor.memory' : 'spark.driver.memory';
      const now = confValue(conf, key);
      const more = now !== undefined && mebibytes(now) !== undefined ? formatSize(2 * mebibytes(now)!) : '4g';
      const heap = `the ${onExecutor ? 'executors' : 'driver'} ran out of heap${now ? ` with ${key}=${now}` : ` (${key} not set: Spark's default is 1g)`}`;
      const chunks = smallerChunks(context);
      // A smaller range per JVM first: more heap is what the old backfill did, and it grows with the range.
      if (chunks) {
        return {
          advice: `${heap}; a smaller range per JVM needs less (${chunks.says}), or give ${onExecutor ? 'them' : 'it'} ${more} (--conf ${key}=${more})`,
          fix: resume(context, '--chunk', chunks.settings),
        };
      }
      return { advice: `${heap}; give ${onExecutor ? 'them' : 'it'} ${more}`, fix: resume(context, '--conf', `${key}=${more}`) };
    }
    case 'container-memory': {
      // The ApplicationMaster's container holds the driver in cluster mode; YARN names it `AM Container`.
      const line = found.containerMemory ?? '';
      const driver = /AM Container/.test(line) || (/AM Container/.test(found.diagnostics ?? '') && !/executor/i.test(line));
      const role = driver ? 'driver' : 'executor';
      const key = `spark.${role}.memoryOverhead`;
      const now = confValue(conf, key);
      const heap = mebibytes(confValue(conf, `spark.${role}.memory`) ?? '1g') ?? 1024;
      const current = (now !== undefined ? mebibytes(now) : undefined) ?? Math.max(384, Math.ceil(heap / 10));
      const more = formatSize(Math.max(1024, 2 * current));
      return {
        advice: `YARN killed the ${role}'s container for using more memory than it was granted (heap plus overhead); give its overhead ${more}`,
        fix: resume(context, '--conf', `${key}=${more}`),
      };
    }
    case 'killed':
      return {
        advice:
          "SIGKILL with no word why in the log: most often the kernel's OOM killer (see `dmesg`), when the JVMs ask more than the machine has" +
          (parallel > 1 ? `; fewer chunks at once ask for less` : '; a smaller spark.driver.memory, or a machine with more memory'),
        ...(parallel > 1 ? { fix: resume(context, '--parallel', String(Math.ceil(parallel / 2))) } : {}),
      };
    case 'terminated':
      return {
        advice: found.diagnostics
          ? `backfill did not send it; YARN says: ${found.diagnostics}`
          : "backfill did not send it: another process, a scheduler's time limit (cron, systemd), the machine's shutdown, or on YARN the ResourceManager (preemption, yarn application -kill)",
        fix: resume(context),
      };
    case 'interrupted':
      return { advice: 'someone pressed Ctrl-C in its terminal or sent SIGINT', fix: resume(context) };
    case 'bad-input':
      return { advice: 'resume keeps the run\'s data settings: fix the input and start a new backfill' };
    case 'not-started':
      return { advice: 'check the submit command (--spark-submit, $SPARK_SUBMIT, $SPARK_HOME)' };
    case 'job-failed':
    case 'exception':
    case 'exit':
      return {};
  }
}

/** The next chunk size down for the failed stage, worth it when its process had more than a few days; the run's
 *  other sizes kept (resume's --chunk replaces them all). */
function smallerChunks(context: FailureContext): { settings: string; says: string } | undefined {
  const { stage, params } = context;
  if (stage === undefined) return undefined;
  const size = chunkSpecFor(params, stage);
  const days = daysInRange(params.startDate, params.endDate);
  const smaller = nextSmallerChunk(size, days);
  if (smaller === undefined) return undefined;
  const settings = formatChunkSettings({ ...params, stageChunks: { ...params.stageChunks, [stage]: smaller } });
  return { settings, says: `${stage} in ${describeChunk(smaller)}, each its own JVM` };
}

function nextSmallerChunk(size: ChunkSpec, days: number): ChunkSpec | undefined {
  if (size === 'none') return days > 62 ? 'month' : days > 14 ? 'week' : days > 3 ? '1d' : undefined;
  if (size === 'month') return 'week';
  if (size === 'week') return '2d';
  const n = Number(size.slice(0, -1));
  return n > 1 ? `${Math.floor(n / 2)}d` : undefined;
}

function describeChunk(size: ChunkSpec): string {
  if (size === 'month' || size === 'week') return `${size}s`;
  return size === '1d' ? 'days' : `runs of ${size.slice(0, -1)} days`;
}

/** The last value given to `key` (a later --conf wins). */
function confValue(conf: readonly string[], key: string): string | undefined {
  let value: string | undefined;
  for (const entry of conf) if (entry.startsWith(`${key}=`)) value = entry.slice(key.length + 1);
  return value;
}

const UNIT_MIB: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };

/** A JVM memory size (`512m`, `4g`, `2048`: MiB when bare) in MiB. */
function mebibytes(size: string): number | undefined {
  const match = /^(\d+)([kmgt])?b?$/i.exec(size.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MIB[(match[2] ?? 'm').toLowerCase()]!;
}

function formatSize(mib: number): string {
  const whole = Math.ceil(mib);
  return whole % 1024 === 0 ? `${whole / 1024}g` : `${whole}m`;
}
