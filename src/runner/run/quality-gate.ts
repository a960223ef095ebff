import { addDays, format, parseISO } from 'date-fns';
import type { Coverage, QualityGate, StageRecord } from './run-types.js';

/** How many of the worst location-days a failed gate names. */
export const WORST_SHOWN = 5;

/** Every location-day of `coverage` with its share of complete hours, in percent. */
export function locationDays(coverage: Coverage): Array<{ location: string; date: string; completeHours: number; percent: number }> {
  const start = parseISO(coverage.start);
  return Object.entries(coverage.locations).flatMap(([location, days]) =>
    days.map((completeHours, offset) => ({
      location,
      date: format(addDays(start, offset), 'yyyy-MM-dd'),
      completeHours,
      percent: (100 * completeHours) / coverage.hoursPerDay,
    })),
  );
}

/** `--min-completeness`: every location-day needs at least `minPercent` of its hours complete. */
export function checkCompleteness(coverage: Coverage, minPercent: number): QualityGate {
  const below = locationDays(coverage)
    .filter((day) => day.percent < minPercent)
    .sort((a, b) => a.percent - b.percent || a.date.localeCompare(b.date) || a.location.localeCompare(b.location));
  const worst = below.slice(0, WORST_SHOWN).map((day) => ({ ...day, percent: Math.round(day.percent * 10) / 10 }));
  if (below.length === 0) {
    return { passed: true, minCompleteness: minPercent, worst: [], message: `every location-day has at least ${minPercent}% complete hours` };
  }
  const named = worst.map((day) => `${day.location} ${day.date} ${day.completeHours}/${coverage.hoursPerDay}h`).join(', ');
  return {
    passed: false,
    minCompleteness: minPercent,
    worst,
    message: `${below.length} location-day(s) below --min-completeness ${minPercent}%; the worst: ${named}. Gold did not run.`,
  };
}

/** The gate after a stage succeeded: only when a minimum is set and this stage reported the coverage. */
export function gateAfter(stage: StageRecord, coverage: Coverage | undefined, minCompleteness: number | undefined): QualityGate | undefined {
  const reported = stage.commits ?? stage.chunks?.find((chunk) => chunk.commits)?.commits;
  if (minCompleteness === undefined || !coverage || !reported) return undefined;
  return checkCompleteness(coverage, minCompleteness);
}
