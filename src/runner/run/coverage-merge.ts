import { daysInRange } from '../plan/chunks.js';
import type { Coverage } from './run-types.js';

/**
 * The coverage a chunk reported laid over what the run knows: the union of both ranges, the chunk's days
 * replacing the same days of `known`, days neither reported at 0. Chunks report their own days only.
 */
export function mergeCoverage(known: Coverage | undefined, chunk: Coverage): Coverage {
  if (!known || known.hoursPerDay !== chunk.hoursPerDay) return chunk;
  const start = known.start < chunk.start ? known.start : chunk.start;
  const end = known.end > chunk.end ? known.end : chunk.end;
  const days = daysInRange(start, end);
  const locations: Record<string, number[]> = {};
  for (const part of [known, chunk]) {
    const offset = daysInRange(start, part.start) - 1;
    for (const [location, hours] of Object.entries(part.locations)) {
      const row = (locations[location] ??= new Array<number>(days).fill(0));
      hours.forEach((value, day) => {
        if (offset + day < days) row[offset + day] = value;
      });
    }
  }
  const sorted = Object.fromEntries(Object.entries(locations).sort(([a], [b]) => a.localeCompare(b)));
  return { ...chunk, start, end, locations: sorted };
}
