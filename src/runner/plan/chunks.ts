import type { ChunkSpec, RunParams } from './plan-types.js';

/** What a chunk's line carries in its whole stage's log: `[2024-01] `; nothing for a stage's own line. */
export function chunkLinePrefix(chunk: string | undefined): string {
  return chunk === undefined ? '' : `[${chunk}] `;
}

/** An inclusive date range, `YYYY-MM-DD` both ends. */
export interface DateChunk {
  id: string;
  startDate: string;
  endDate: string;
}

const DAYS_SPEC = /^([1-9]\d{0,3})d$/;
const DAY_MS = 86_400_000;

/** The spec as typed (`none`, `month`, `week`, `<N>d` with N from 1 to 9999), or undefined when it is none of these. */
export function parseChunkSpec(text: string): ChunkSpec | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'none' || value === 'month' || value === 'week') return value;
  return DAYS_SPEC.test(value) ? (value as ChunkSpec) : undefined;
}

/** `--chunk` as given, every value in one text: `month`, `month,gold=week`, `gold=none`. */
export type ChunkSettings = { ok: true; all?: ChunkSpec; stages: Record<string, ChunkSpec> } | { ok: false; problem: string };

const CHUNK_FIX = 'use none, month, week or a number of days such as 10d, for one stage as gold=week';

/**
 * Reads `--chunk` values (repeated flags joined by commas): a bare value sets every stage, `stage=value`
 * overrides one stage. A problem is one sentence naming the flag and the fix.
 */
export function parseChunkSettings(text: string, stageNames: readonly string[], show: (value: string) => string = (value) => value): ChunkSettings {
  const parts = text.split(',').map((part) => part.trim());
  const stages: Record<string, ChunkSpec> = {};
  let all: ChunkSpec | undefined;
  for (const part of parts) {
    const at = part.indexOf('=');
    const stage = at < 0 ? undefined : part.slice(0, at).trim().toLowerCase();
    const spec = parseChunkSpec(at < 0 ? part : part.slice(at + 1));
    if (stage !== undefined && !stageNames.includes(stage)) {
      return { ok: false, problem: `--chunk ${show(part) || '(empty)'} names no stage; use ${stageNames.map((name) => `${name}=`).join(', ')} (e.g. --chunk gold=week).` };
    }
    if (!spec) return { ok: false, problem: `--chunk ${show(part) || '(empty)'} is not a chunk size; ${CHUNK_FIX}.` };
    if (stage === undefined) {
      if (all !== undefined) return { ok: false, problem: `--chunk gives a size for every stage twice (${all}, ${spec}); give one, and stage=size for the others.` };
      all = spec;
    } else {
      if (stage in stages) return { ok: false, problem: `--chunk gives ${stage} twice (${stages[stage]}, ${spec}); give each stage once.` };
      stages[stage] = spec;
    }
  }
  return all === undefined ? { ok: true, stages } : { ok: true, all, stages };
}

/** How a stage of the run is cut: its own `stage=value`, else the bare value, else whole. */
export function chunkSpecFor(params: Pick<RunParams, 'chunk' | 'stageChunks'>, stage: string): ChunkSpec {
  return params.stageChunks?.[stage] ?? params.chunk ?? 'none';
}

/** The run's chunking as `--chunk` takes it again: `month`, `month,gold=week`, `none`. */
export function formatChunkSettings(params: Pick<RunParams, 'chunk' | 'stageChunks'>): string {
  const overrides = Object.entries(params.stageChunks ?? {}).map(([stage, spec]) => `${stage}=${spec}`);
  return [...(params.chunk || overrides.length === 0 ? [params.chunk ?? 'none'] : []), ...overrides].join(',');
}

// Dates are handled as UTC midnights so that no time zone or DST shift can move a day.
function toDay(text: string): number {
  return Date.parse(`${text}T00:00:00Z`);
}

function fromDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Last day of the calendar month containing `day`. */
function endOfMonth(day: number): number {
  const date = new Date(day);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0);
}

/** Sunday ending the ISO week (Monday to Sunday) containing `day`. */
function endOfIsoWeek(day: number): number {
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return day + (6 - weekday) * DAY_MS;
}

/** Inclusive day count of a `YYYY-MM-DD` range: the one way backfill counts days. 0 when either end is not a
 *  date or the range runs backwards. */
export function daysInRange(startDate: string, endDate: string): number {
  const days = Math.round((toDay(endDate) - toDay(startDate)) / DAY_MS) + 1;
  return Number.isFinite(days) && days > 0 ? days : 0;
}

/**
 * Cuts [startDate, endDate] into consecutive chunks, as jobs/common/dates.py does: calendar months or
 * ISO weeks cut at the range's ends, or runs of N days from the start. `none` gives the whole range.
 */
export function planChunks(startDate: string, endDate: string, spec: ChunkSpec): DateChunk[] {
  const start = toDay(startDate);
  const end = toDay(endDate);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new Error(`Not a date range: ${startDate} to ${endDate}.`);
  if (end < start) throw new Error(`End date ${endDate} is before start date ${startDate}.`);
  if (spec === 'none') return [{ id: startDate, startDate, endDate }];

  const days = DAYS_SPEC.exec(spec)?.[1];
  const chunkEnd =
    spec === 'month' ? endOfMonth : spec === 'week' ? endOfIsoWeek : days ? (day: number) => day + (Number(days) - 1) * DAY_MS : undefined;
  if (!chunkEnd) throw new Error(`Unknown chunk spec ${spec}; use none, month, week or <N>d.`);

  const chunks: DateChunk[] = [];
  for (let from = start; from <= end; ) {
    const to = Math.min(chunkEnd(from), end);
    const first = fromDay(from);
    chunks.push({ id: spec === 'month' ? first.slice(0, 7) : first, startDate: first, endDate: fromDay(to) });
    from = to + DAY_MS;
  }
  return chunks;
}

/**
 * The chunks of [startDate, endDate] left to run when `done` (date ranges that succeeded, in any sizes) are
 * kept: each stretch no done range covers, cut by `spec` (`none`: the stretch whole). Resuming with new
 * sizes so never runs a succeeded day again.
 */
export function planChunksAround(startDate: string, endDate: string, spec: ChunkSpec, done: readonly Omit<DateChunk, 'id'>[]): DateChunk[] {
  const start = toDay(startDate);
  const end = toDay(endDate);
  const covered = done
    .map((range) => [Math.max(toDay(range.startDate), start), Math.min(toDay(range.endDate), end)] as const)
    .filter(([from, to]) => from <= to)
    .sort((a, b) => a[0] - b[0]);
  const chunks: DateChunk[] = [];
  let from = start;
  for (const [coveredFrom, coveredTo] of [...covered, [end + DAY_MS, end + DAY_MS] as const]) {
    if (coveredFrom > from) chunks.push(...planChunks(fromDay(from), fromDay(Math.min(coveredFrom - DAY_MS, end)), spec));
    from = Math.max(from, coveredTo + DAY_MS);
    if (from > end) break;
  }
  return chunks;
}
