import { shown } from './shown.js';
import { format, isValid, parse } from 'date-fns';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Why `value` is not a usable date for `flag`, or undefined when it is. */
export function dateProblem(value: string, flag: string): string | undefined {
  if (!value) return `${flag} is required; give a date as YYYY-MM-DD.`;
  if (!DATE_SHAPE.test(value)) return `${flag} ${shown(value)} is not in YYYY-MM-DD form.`;
  const parsed = parse(value, 'yyyy-MM-dd', new Date(0));
  if (!isValid(parsed) || format(parsed, 'yyyy-MM-dd') !== value) {
    return `${flag} ${value} is not a real date; check the month and day.`;
  }
  return undefined;
}

/** Today's date in UTC, as YYYY-MM-DD: the data is hourly in UTC, so "the future" is judged in UTC. */
export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}
