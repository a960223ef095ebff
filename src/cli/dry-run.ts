import { shownWhole } from '../config/shown.js';
import { chunkSpecFor, daysInRange } from '../runner/plan/chunks.js';
import { redactPlan } from '../runner/plan/redaction.js';
import { shellQuote } from '../text/shell-quote.js';
import { terminalSafeJson, terminalSafeLines } from '../text/terminal-safe.js';
import type { Plan } from '../runner/plan/plan-types.js';
import { DEFAULT_RETRY_DELAY_SECONDS } from '../config/defaults.js';

/** A resume's dry run: the run it resumes and the stages it runs again (the others succeeded there: kept). */
export interface ResumedFrom {
  runId: string;
  rerun: readonly string[];
}

/**
 * The plan as --dry-run prints it: the exact commands, with secret conf values redacted. Paths, the master
 * and conf come from flags and files: the commands are shell-quoted (what a terminal does not show written as
 * `$'…'` escapes, so they paste back as they would run) and the whole text passes the one sanitizer. For a
 * resume (`resumed`), a stage it does not run again is named as kept; a chunked stage lists only the chunks left.
 */
export function formatPlan(realPlan: Plan, json: boolean, resumed?: ResumedFrom): string {
  const plan = redactPlan(realPlan);
  const { params } = plan;
  const kept = (name: string) => resumed !== undefined && !resumed.rerun.includes(name);
  if (json) {
    return `${terminalSafeJson(JSON.stringify({
      type: 'plan',
      runId: plan.runId,
      ...(resumed ? { resumes: resumed.runId } : {}),
      startDate: params.startDate,
      endDate: params.endDate,
      days: daysInRange(params.startDate, params.endDate),
      stages: plan.stages.map(({ name, selected, command, chunks }) => ({
        name,
        selected,
        ...(selected && kept(name) ? { kept: true } : { command, ...(chunks ? { chunks } : {}) }),
      })),
      ...(params.retries ? { retries: params.retries, retryDelaySeconds: params.retryDelaySeconds } : {}),
    }))}\n`;
  }
  const width = Math.max(...plan.stages.map((stage) => stage.name.length));
  const lines = [
    ...(resumed ? [`Resume of run ${resumed.runId} as run ${plan.runId}: ${resumed.rerun.join(', ')} run again.`] : []),
    `Plan: ${params.startDate} to ${params.endDate} (${daysInRange(params.startDate, params.endDate)} days), master ${shownWhole(params.master)}, runs in ${shownWhole(params.runsDir)}`,
    ...plan.stages.flatMap((stage) => {
      if (!stage.selected) return [`  ${stage.name.padEnd(width)}  (skipped)`];
      if (kept(stage.name)) return [`  ${stage.name.padEnd(width)}  (succeeded in run ${resumed!.runId}: kept)`];
      if (!stage.chunks) return [`  ${stage.name.padEnd(width)}  ${shellQuote(stage.command)}`];
      const at = params.parallel ?? 1;
      return [
        `  ${stage.name.padEnd(width)}  ${stage.chunks.length} chunks (${chunkSpecFor(params, stage.name)})${resumed ? ' left to run' : ''}, up to ${at} at once${params.failFast ? ', fail fast' : ''}:`,
        ...stage.chunks.map((chunk) => `    ${chunk.id}  ${shellQuote(chunk.command)}`),
      ];
    }),
    ...(params.retries ? [`A failed stage or chunk is started again up to ${params.retries} time(s), ${params.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS}s apart.`] : []),
    'Dry run: nothing started.',
  ];
  return `${terminalSafeLines(lines.join('\n'))}\n`;
}
