import type { JobProgress } from './types.js';

const PROGRESS_LINE = /^\s*BACKFILL_PROGRESS\s+(\{.*\})\s*$/;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Reads `BACKFILL_PROGRESS {"done": 3, "total": 12, "unit": "location-months"}`; anything else is undefined. */
export function parseJobProgress(line: string): JobProgress | undefined {
  const match = PROGRESS_LINE.exec(line);
  if (!match?.[1]) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(match[1]);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { done, total, unit } = data as Record<string, unknown>;
  if (!isCount(done) || !isCount(total)) return undefined;
  return typeof unit === 'string' ? { done, total, unit } : { done, total };
}
