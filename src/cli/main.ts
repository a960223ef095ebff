import { findProjectRoot } from '../config/project-root.js';
import { optionsFromFlagsAndDefaults, prefillOptions } from '../config/prefill.js';
import type { BackfillOptions } from '../config/options.js';
import { validateOptions, type ValidationEnvironment } from '../config/validate.js';
import { runHeadless } from '../headless/run-headless.js';
import { buildPlan } from '../runner/plan/plan.js';
import { runInForeground } from '../lifecycle/foreground-run.js';
import { readLastRun } from '../runner/folder/run-folder.js';
import { formatPlan } from './dry-run.js';
import { formatIssues } from './report-issues.js';
import type { TuiInvocation } from './run-tui.js';
import path from 'node:path';
import { EXIT_CODES } from '../runner/run/exit-code.js';

export interface Invocation {
  options: Partial<BackfillOptions>;
  headless: boolean;
  json: boolean;
  dryRun: boolean;
  yes: boolean;
  /** Clear a warehouse lock whose owner cannot be checked from here (`--force-unlock`). */
  forceUnlock?: boolean;
}

/** Decides between dry run, headless and TUI; returns the process exit code. */
export async function main(invocation: Invocation): Promise<number> {
  const environment = (): ValidationEnvironment => ({
    now: new Date(),
    cwd: process.cwd(),
    env: process.env,
    projectRoot: findProjectRoot(),
  });

  const interactiveSetup = !invocation.headless && !invocation.dryRun && !invocation.yes;
  if (interactiveSetup) {
    const fromFlags = invocation.options;
    const runsDir = path.resolve(fromFlags.runsDir ?? optionsFromFlagsAndDefaults({}).runsDir);
    const initial = prefillOptions(fromFlags, readLastRun(runsDir)?.params);
    return runTui({ initialOptions: initial, skipSetup: false, environment, forceUnlock: invocation.forceUnlock === true });
  }

  const options = optionsFromFlagsAndDefaults(invocation.options);
  const result = validateOptions(options, environment());
  if (!result.ok) {
    process.stderr.write(formatIssues(result.issues));
    return EXIT_CODES.usage;
  }
  if (invocation.dryRun) {
    process.stdout.write(formatPlan(buildPlan(result.params), invocation.json));
    return EXIT_CODES.succeeded;
  }
  if (invocation.headless) {
    const plan = buildPlan(result.params);
    return runInForeground(plan, () => runHeadless(plan, { json: invocation.json, out: process.stdout }), {
      err: process.stderr,
      lock: { forceUnlock: invocation.forceUnlock === true },
    });
  }
  return runTui({ initialOptions: options, skipSetup: true, environment, forceUnlock: invocation.forceUnlock === true });
}

/** Ink and React load only for the TUI: headless runs under cron start faster without them. */
async function runTui(invocation: TuiInvocation): Promise<number> {
  const { runTui: render } = await import('./run-tui.js');
  return render(invocation);
}
