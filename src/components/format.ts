import { differenceInCalendarDays, parseISO } from 'date-fns';

/** 3s, 4m05s, 1h02m03s. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (hours > 0) return `${hours}h${pad(minutes)}m${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m${pad(seconds)}s`;
  return `${seconds}s`;
}

/** Days in an inclusive YYYY-MM-DD range; null when either date does not parse. */
export function spanInDays(startDate: string, endDate: string): number | null {
  const start = parseISO(startDate);
  const end = parseISO(endDate);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  return differenceInCalendarDays(end, start) + 1;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
