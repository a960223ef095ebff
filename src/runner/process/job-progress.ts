import { jsonObjectAfter } from './job-lines.js';
import type { JobProgress } from '../run/run-types.js';

const PROGRESS_LINE = /^\s*BACKFILL_PROGRESS\s+(\{.*\})\s*$/;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Reads `BACKFILL_PROGRESS {"done": 3, "total": 12, "unit": "location-months"}`; anything else is undefined. */
export function parseJobProgress(line: string): JobProgress | undefined {
  const data = jsonObjectAfter(PROGRESS_LINE, line);
  if (!data) return undefined;
  const { done, total, unit } = data;
  if (!isCount(done) || !isCount(total)) return undefined;
  return typeof unit === 'string' ? { done, total, unit } : { done, total };
}
