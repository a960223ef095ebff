import type { RunParams } from '../runner/types.js';
import { defaultOptions } from './defaults.js';
import type { BackfillOptions } from './options.js';

/** The setup screen's starting values: the flags given, then the last run's choices, then the defaults.
 *  The submit command is not carried over from the last run: it is resolved afresh each time. */
export function prefillOptions(fromFlags: Partial<BackfillOptions>, lastRun?: RunParams): BackfillOptions {
  const fromLastRun: Partial<BackfillOptions> = lastRun
    ? {
        startDate: lastRun.startDate,
        endDate: lastRun.endDate,
        skipBronze: !lastRun.stages.includes('bronze'),
        skipSilver: !lastRun.stages.includes('silver'),
        skipGold: !lastRun.stages.includes('gold'),
        locations: lastRun.locations ?? '',
        pollutants: lastRun.pollutants ?? '',
        warehouse: lastRun.warehouse ?? '',
        master: lastRun.master,
        conf: lastRun.conf,
        continueOnFailure: lastRun.continueOnFailure,
        grace: lastRun.graceSeconds,
        chunk: lastRun.chunk ?? 'none',
        parallel: lastRun.parallel ?? 1,
        failFast: lastRun.failFast ?? false,
      }
    : {};
  return { ...defaultOptions(), ...fromLastRun, ...fromFlags };
}

/** Options from flags and defaults only (headless, --yes): a run never silently reuses the last one's range. */
export function optionsFromFlagsAndDefaults(fromFlags: Partial<BackfillOptions>): BackfillOptions {
  return { ...defaultOptions(), ...fromFlags };
}
