import type { StageRecord, FailureCause } from '../runner/run/run-types.js';
import { terminalSafe } from './terminal-safe.js';

// A failure's cause in words, the same wherever a failure is summed up (headless, the TUI, `show`, the
// notification). Everything in a cause came from a job's log or a ResourceManager: it is made terminal-safe here.

/** Failures listed in a summary at most; the rest are counted. */
export const MAX_FAILURES_SHOWN = 3;

export interface FailureLine {
  label: 'cause' | 'caused by' | 'exit' | 'yarn' | 'advice' | 'fix';
  text: string;
}

/** The cause, its chain, what the exit means, YARN's word, the advice and the fix: one labelled line each. */
export function failureLines(cause: FailureCause): FailureLine[] {
  const lines: FailureLine[] = [];
  const add = (label: FailureLine['label'], text: string | undefined) => {
    if (text) lines.push({ label, text: terminalSafe(text) });
  };
  // When nothing was found the exit code's meaning is the cause: said once.
  if (cause.summary !== cause.exit) add('cause', cause.summary);
  for (const inner of cause.causes) add('caused by', inner);
  add('exit', cause.exit);
  if (cause.diagnostics !== cause.summary) add('yarn', cause.diagnostics);
  add('advice', cause.advice);
  add('fix', cause.fix);
  return lines;
}

/** `cause: …` as text; `exit 52: …` carries its own label. */
export function formatFailureLine(line: FailureLine): string {
  return line.label === 'exit' ? line.text : `${line.label}: ${line.text}`;
}

/** True when the log said more than the exit code (then its last lines add nothing). */
export function causeFoundInLog(cause: FailureCause | undefined): boolean {
  return cause !== undefined && cause.summary !== cause.exit;
}

export interface FailedUnit {
  /** `gold`, or a chunk: `bronze[2024-01]`. */
  unit: string;
  cause: FailureCause;
}

/** The failed stages and chunks that have a cause, in order, at most `max`; `more` counts the others. */
export function failedUnits(stages: readonly StageRecord[], max = MAX_FAILURES_SHOWN): { units: FailedUnit[]; more: number } {
  const all: FailedUnit[] = [];
  for (const stage of stages) {
    if (stage.chunks) {
      for (const chunk of stage.chunks) if (chunk.status === 'failed' && chunk.failure) all.push({ unit: `${stage.name}[${chunk.id}]`, cause: chunk.failure });
    } else if (stage.status === 'failed' && stage.failure) all.push({ unit: stage.name, cause: stage.failure });
  }
  return { units: all.slice(0, max), more: Math.max(0, all.length - max) };
}

/** One line for a chat message: `gold failed: java.lang.OutOfMemoryError: Java heap space. Fix: backfill resume …`. */
export function failureSentence({ unit, cause }: FailedUnit): string {
  const summary = terminalSafe(cause.summary).replace(/\.$/, '');
  return `${unit} failed: ${summary}.${cause.fix ? ` Fix: ${terminalSafe(cause.fix)}` : ''}`;
}
