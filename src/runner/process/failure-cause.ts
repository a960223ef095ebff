import { parseJobFailure } from './job-lines.js';

// Why a stage's process failed, found in its log as the log is followed. Pure and bounded: it keeps a few
// short lines whatever the log's length (a gold that dies of OutOfMemoryError writes the exception, then
// thousands of shutdown INFO lines; the exception is what the operator needs).

export const MAX_CAUSES = 5;
export const MAX_CAUSE_LENGTH = 300;
/** Lines of an exception's message before its stack (a multi-line message) that are read past. */
const MAX_MESSAGE_LINES = 20;

/** Cut to one bounded line. */
export function cutLine(text: string, max = MAX_CAUSE_LENGTH): string {
  const line = text.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

// `java.lang.OutOfMemoryError: Java heap space`, `Exception in thread "main" org.apache.spark.SparkException: …`,
// `py4j.protocol.Py4JJavaError: An error occurred while calling o56.save.`: a qualified class name first.
const JAVA_EXCEPTION = /^(?:Exception in thread "[^"]*"\s+)?((?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable)\b(?::.*)?)$/;
const CAUSED_BY = /^\s*Caused by:\s*(\S.*)$/;
// Py4J prints the Java side of a Py4JJavaError as `: org.apache.spark.SparkException: …` on the next line.
const PY4J_JAVA_SIDE = /^: ((?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable)\b.*)$/;
const STACK_LINE = /^\s+at\s|^\s*\.\.\. \d+ (?:more|common frames omitted)|^\s*Suppressed:|^Driver stacktrace:|^\s+File "/;
const LOG4J_LINE = /^\d{2,4}[/-]\d{2}[/-]\d{2}[ T]\d{2}:\d{2}:\d{2}/;
const PYTHON_TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const OUT_OF_MEMORY = /java\.lang\.OutOfMemoryError/;
const CONTAINER_MEMORY = /killed by YARN for exceeding (?:physical |virtual )?memory limits|exceeding (?:physical|virtual) memory limits|running beyond (?:physical|virtual) memory limits/i;
// An executor's task lost to OOM names its executor: `Lost task 0.0 in stage 3.0 (TID 5) (10.0.0.5 executor 2): java.lang.OutOfMemoryError`.
const ON_EXECUTOR = /\bexecutor (?!driver\b)[\w.-]+\):/;

/** An exception and its chain, as its lines come: headline, then `Caused by:` (or Py4J's `: `) lines. */
class ExceptionChain {
  headline: string | undefined;
  private readonly first: string[] = [];
  private deepest: string | undefined;
  private open = false;
  private stackSeen = false;
  private messageLines = 0;

  begin(headline: string, stackSeen = false): void {
    this.headline = cutLine(headline);
    this.first.length = 0;
    this.deepest = undefined;
    this.open = true;
    this.stackSeen = stackSeen;
    this.messageLines = 0;
  }

  /** Takes a line that continues the exception; false once the exception has ended (the line is not its). */
  continueWith(line: string): boolean {
    if (!this.open) return false;
    const cause = CAUSED_BY.exec(line)?.[1] ?? PY4J_JAVA_SIDE.exec(line)?.[1];
    if (cause !== undefined) {
      this.addCause(cutLine(cause));
      this.stackSeen = false;
      this.messageLines = 0;
      return true;
    }
    if (STACK_LINE.test(line)) {
      this.stackSeen = true;
      return true;
    }
    // A multi-line message comes before its stack; anything after a stack, or a log line, ends the exception.
    if (!this.stackSeen && !LOG4J_LINE.test(line) && ++this.messageLines <= MAX_MESSAGE_LINES) return true;
    this.open = false;
    return false;
  }

  get causes(): string[] {
    return this.deepest === undefined ? [...this.first] : [...this.first, this.deepest];
  }

  private addCause(cause: string): void {
    // The first ones and the deepest (the root cause) are kept; the middle of a long chain is dropped.
    if (this.first.length < MAX_CAUSES - 1 && this.deepest === undefined) this.first.push(cause);
    else this.deepest = cause;
  }
}

/** What a process's log said about its failure, before the exit code is known. */
export interface FoundInLog {
  /** The job's BACKFILL_FAILED reason (the last one). */
  jobFailure?: string;
  jobCauses: string[];
  /** The first exception in the log. */
  exception?: string;
  exceptionCauses: string[];
  /** The first line naming java.lang.OutOfMemoryError, wherever it is. */
  outOfMemory?: string;
  outOfMemoryOnExecutor: boolean;
  /** The first line saying YARN killed a container for its memory. */
  containerMemory?: string;
  diagnostics?: string;
}

/**
 * Fed a stage's log line by line (and the ResourceManager's diagnostics on YARN), keeps what says why it
 * failed: the job's own BACKFILL_FAILED line, the first exception with its chain, and any sign of memory
 * trouble. O(1) memory: a handful of lines of at most MAX_CAUSE_LENGTH characters.
 */
export class FailureCauseFinder {
  private readonly exception = new ExceptionChain();
  private readonly jobFailure = new ExceptionChain();
  private inTraceback = false;
  private outOfMemory: string | undefined;
  private outOfMemoryOnExecutor = false;
  private containerMemory: string | undefined;
  private diagnostics: string | undefined;

  push(line: string): void {
    if (this.outOfMemory === undefined && OUT_OF_MEMORY.test(line)) {
      this.outOfMemory = cutLine(line);
      this.outOfMemoryOnExecutor = ON_EXECUTOR.test(line);
    }
    if (this.containerMemory === undefined && CONTAINER_MEMORY.test(line)) this.containerMemory = cutLine(line);
    const reason = line.includes('BACKFILL_FAILED') ? parseJobFailure(line) : undefined;
    if (reason !== undefined) return this.jobFailure.begin(reason, true);
    this.jobFailure.continueWith(line);
    this.readException(line);
  }

  /** YARN's diagnostics of the application (a few lines: the first ones say it). */
  addDiagnostics(text: string): void {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).slice(0, 20);
    if (lines.length === 0) return;
    this.diagnostics = cutLine(lines.join(' '));
    for (const line of lines) {
      if (this.containerMemory === undefined && CONTAINER_MEMORY.test(line)) this.containerMemory = cutLine(line);
      if (this.outOfMemory === undefined && OUT_OF_MEMORY.test(line)) this.outOfMemory = cutLine(line);
    }
  }

  /** A new attempt of the process starts (--retries): what the last one said no longer counts. */
  reset(): void {
    Object.assign(this, new FailureCauseFinder());
  }

  get found(): FoundInLog {
    return {
      ...(this.jobFailure.headline !== undefined ? { jobFailure: this.jobFailure.headline } : {}),
      jobCauses: this.jobFailure.causes,
      ...(this.exception.headline !== undefined ? { exception: this.exception.headline } : {}),
      exceptionCauses: this.exception.causes,
      ...(this.outOfMemory !== undefined ? { outOfMemory: this.outOfMemory } : {}),
      outOfMemoryOnExecutor: this.outOfMemoryOnExecutor,
      ...(this.containerMemory !== undefined ? { containerMemory: this.containerMemory } : {}),
      ...(this.diagnostics !== undefined ? { diagnostics: this.diagnostics } : {}),
    };
  }

  private readException(line: string): void {
    if (this.exception.headline !== undefined) {
      this.exception.continueWith(line);
      return;
    }
    if (this.inTraceback) {
      // A traceback's frames are indented; its first line that is not is the exception.
      if (/^\s/.test(line)) return;
      this.inTraceback = false;
      this.exception.begin(line, true);
      return;
    }
    if (PYTHON_TRACEBACK.test(line)) {
      this.inTraceback = true;
      return;
    }
    const java = JAVA_EXCEPTION.exec(line.trim());
    if (java?.[1]) this.exception.begin(java[1]);
  }
}
