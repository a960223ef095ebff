import os from 'node:os';

// What a stage's exit code or signal means, in words: Spark's own codes (SparkExitCode), the jobs' codes
// (jobs/common/job_main.py, every job's skeleton: 1 failed, 2 bad input, 143 stopped) and
// 128 + n for a process ended by signal n.

const SPARK_CODES: Record<number, string> = {
  1: 'the job or spark-submit failed',
  2: 'the job refused its input (bad arguments or files)',
  11: "Spark's exit code for too many executor failures (SparkExitCode.EXCEED_MAX_EXECUTOR_FAILURES)",
  50: "Spark's exit code for an uncaught exception (SparkExitCode.UNCAUGHT_EXCEPTION)",
  51: "Spark's exit code for an uncaught exception in the exception handler (SparkExitCode.UNCAUGHT_EXCEPTION_TWICE)",
  52: "Spark's exit code for java.lang.OutOfMemoryError (SparkExitCode.OOM): a JVM ran out of heap",
  127: 'the command was not found',
};

const SIGNAL_MEANING: Record<string, string> = {
  SIGKILL: "killed with SIGKILL: the kernel's OOM killer, YARN's memory check or a kill -9",
  SIGTERM: 'stopped by SIGTERM',
  SIGINT: 'interrupted (SIGINT, Ctrl-C)',
  SIGABRT: 'aborted (SIGABRT): a JVM crash leaves an hs_err_pid<N>.log in its working directory',
  SIGSEGV: 'crashed (SIGSEGV)',
  SIGHUP: 'hung up (SIGHUP): its terminal or session went away',
};

function signalName(number: number): string | undefined {
  return Object.entries(os.constants.signals).find(([, value]) => value === number)?.[0];
}

/** `exit 52: Spark's exit code for java.lang.OutOfMemoryError …`, `exit 137 (128 + SIGKILL): killed …`, `signal SIGTERM: …`. */
export function exitMeaning(exitCode: number | null, signal: string | null): string {
  if (exitCode === null) {
    if (signal === null) return 'did not start';
    return `signal ${signal}: ${SIGNAL_MEANING[signal] ?? 'ended by a signal'}`;
  }
  if (exitCode > 128 && exitCode < 160) {
    const name = signalName(exitCode - 128);
    if (name) return `exit ${exitCode} (128 + ${name}): ${SIGNAL_MEANING[name] ?? 'ended by a signal'}`;
  }
  return `exit ${exitCode}: ${SPARK_CODES[exitCode] ?? 'failed'}`;
}

/** The signal an exit code or signal stands for (`SIGKILL` for 137), if any. */
export function signalOf(exitCode: number | null, signal: string | null): string | undefined {
  if (signal !== null) return signal;
  return exitCode !== null && exitCode > 128 && exitCode < 160 ? signalName(exitCode - 128) : undefined;
}
