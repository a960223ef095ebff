import { readBoundedBytes, RecordFileError } from '../runner/folder/bounded-file.js';
import { jsonLineLimitProblem } from './json-line-limits.js';

// The reference config files a run is given (--locations, --pollutants), checked before anything starts by
// the rules the jobs' reader applies (jobs/common/config.py), so that a bad file is refused in one line naming
// its line, not by a Spark job minutes into the run. The two readers are held to one table of cases
// (test/contract/reference-config.json), which both test suites read.
//
// A file is UTF-8 without a byte order mark; a line (split at "\n" only) is blank when it holds nothing but
// spaces, tabs and "\r", else one JSON object: nested at most 16 deep, no integer of more than 100 digits
// (json-line-limits.ts), strict JSON (no NaN or Infinity), no key twice at any depth, every required field
// present and of its type and range, the file's key field never repeated.

export type ReferenceConfigKind = 'locations' | 'pollutants';

/** What is wrong with a reference config file: the line (absent: the whole file), the problem and its fix. */
export interface ReferenceConfigProblem {
  line?: number;
  problem: string;
  fix: string;
}

/** Larger than any list of cities or pollutants; a file past it is not one. */
export const REFERENCE_CONFIG_MAX_BYTES = 16 * 1024 * 1024;

/** What a field must be, in words; its check; and the fix named when it fails (default: correct the value). */
type Rule = readonly [what: string, check: (value: unknown) => boolean, fix?: string];

const nonEmptyString: Rule = ['a non-empty string', (value) => typeof value === 'string' && /[^ \t\r\n]/.test(value)];

// A location key is a partition value of every table and a part of file paths: one plain name, never a control
// or bidi character, a blank, a slash or `..`. The jobs hold it to the same pattern (jobs/common/config.py).
const LOCATION_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const locationKey: Rule = [
  '1 to 64 ASCII letters, digits, "_", "." or "-", starting with a letter or digit, without ".."',
  (value) => typeof value === 'string' && LOCATION_KEY.test(value) && !value.includes('..'),
  'write a key such as hanoi or ho_chi_minh',
];
const numberBetween = (low: number, high: number): Rule => [
  `a number from ${low} to ${high}`,
  (value) => typeof value === 'number' && value >= low && value <= high,
];

interface FileRules {
  required: Record<string, Rule>;
  optional: Record<string, Rule>;
  /** The field no two lines may share. */
  unique: string;
}

const RULES: Record<ReferenceConfigKind, FileRules> = {
  locations: {
    required: {
      location_key: locationKey,
      location_name: nonEmptyString,
      latitude: numberBetween(-90, 90),
      longitude: numberBetween(-180, 180),
      timezone: nonEmptyString,
    },
    optional: {},
    unique: 'location_key',
  },
  pollutants: {
    required: {
      pollutant_code: nonEmptyString,
      display_name: nonEmptyString,
      unit: ['a string', (value) => typeof value === 'string'],
      aqi_timespan: ['a string or null', (value) => value === null || typeof value === 'string'],
      api_variable: nonEmptyString,
    },
    optional: { is_aqi: ['true or false', (value) => typeof value === 'boolean'] },
    unique: 'pollutant_code',
  },
};

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;
const BLANK_BYTES = new Set([0x20, 0x09, 0x0d]);

/** The first problem of a reference config file's bytes, or undefined when the jobs will read it. */
export function referenceConfigProblem(kind: ReferenceConfigKind, data: Buffer): ReferenceConfigProblem | undefined {
  if (data.subarray(0, 3).equals(BOM)) {
    return { line: 1, problem: 'starts with a UTF-8 byte order mark (BOM)', fix: 'save the file as UTF-8 without a byte order mark' };
  }
  const rules = RULES[kind];
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const firstLineOf = new Map<string, number>();
  let records = 0;
  let start = 0;
  for (let line = 1; start <= data.length; line++) {
    const newline = data.indexOf(LF, start);
    const end = newline === -1 ? data.length : newline;
    const bytes = data.subarray(start, end);
    start = end + 1;
    if (bytes.every((byte) => BLANK_BYTES.has(byte))) continue;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { line, problem: 'is not UTF-8 text', fix: 'save the file as UTF-8' };
    }
    const problem = lineProblem(text, rules, firstLineOf, line);
    if (problem) return { line, ...problem };
    records++;
  }
  if (records === 0) return { problem: 'no records (the file is empty)', fix: `give at least one ${kind === 'locations' ? 'location' : 'pollutant'}, one JSON object per line` };
  return undefined;
}

function lineProblem(text: string, rules: FileRules, firstLineOf: Map<string, number>, line: number): Omit<ReferenceConfigProblem, 'line'> | undefined {
  const limit = jsonLineLimitProblem(text);
  if (limit) return limit;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})`, fix: 'write one JSON object per line' };
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) return { problem: `duplicate key ${JSON.stringify(duplicate)}`, fix: 'give each key once' };
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { problem: 'expected a JSON object', fix: 'write one JSON object per line' };
  }
  const fields = record as Record<string, unknown>;
  const missing = Object.keys(rules.required).filter((key) => !Object.hasOwn(fields, key));
  if (missing.length > 0) return { problem: `missing ${missing.join(', ')}`, fix: 'add them' };
  const checked = [...Object.entries(rules.required), ...Object.entries(rules.optional).filter(([key]) => Object.hasOwn(fields, key))];
  for (const [key, [what, check, fix = 'correct the value']] of checked) {
    if (!check(fields[key])) return { problem: `${key} must be ${what} (got ${echoed(fields[key])})`, fix };
  }
  const name = String(fields[rules.unique]); // checked above: a non-empty string
  const first = firstLineOf.get(name);
  if (first !== undefined) return { problem: `${rules.unique} ${JSON.stringify(name)} repeats line ${first}`, fix: `give each ${rules.unique} once` };
  firstLineOf.set(name, line);
  return undefined;
}

/** A refused value as the message echoes it: its JSON, cut to 40 characters. A number past what a double holds
 *  (1e400) was read as Infinity, which JSON.stringify would echo as null: it is said to be too large. */
function echoed(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large';
  return JSON.stringify(value).slice(0, 40);
}

interface OpenObject {
  keys: Set<string>;
  expectKey: boolean;
  duplicate?: string;
}

/**
 * The first key given twice in one object of `text` (valid JSON), at any depth: an object's first repeated key,
 * of the first object to close, as Python's json with an object_pairs_hook finds it (JSON.parse keeps the last).
 */
function firstDuplicateKey(text: string): string | undefined {
  const open: (OpenObject | undefined)[] = []; // undefined: an array
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const object = open.at(-1);
      if (object?.expectKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (object.keys.has(key)) object.duplicate ??= key;
        else object.keys.add(key);
        object.expectKey = false;
      }
      at = end;
    } else if (char === '{') {
      open.push({ keys: new Set(), expectKey: true });
    } else if (char === '[') {
      open.push(undefined);
    } else if (char === '}') {
      const object = open.pop();
      if (object?.duplicate !== undefined) return object.duplicate;
    } else if (char === ']') {
      open.pop();
    } else if (char === ',') {
      const object = open.at(-1);
      if (object) object.expectKey = true;
    }
  }
  return undefined;
}

/** The first problem of reference config file `file` (read through the bounded reader: a FIFO, a device or a
 *  file past REFERENCE_CONFIG_MAX_BYTES is one), or undefined. */
export function referenceConfigFileProblem(kind: ReferenceConfigKind, file: string): ReferenceConfigProblem | undefined {
  let data: Buffer;
  try {
    data = readBoundedBytes(file, REFERENCE_CONFIG_MAX_BYTES);
  } catch (error) {
    const code = error instanceof RecordFileError ? error.code : (error as NodeJS.ErrnoException).code;
    const fix = 'give the path of a JSONL file';
    if (code === 'ENOENT') return { problem: 'no such file', fix };
    if (code === 'ENOTDIR') return { problem: 'no such file (a part of its path is not a folder)', fix };
    if (code === 'EFBIG') return { problem: `is larger than ${REFERENCE_CONFIG_MAX_BYTES / 1024 / 1024} MB, more than any list of ${kind}`, fix };
    if (code === 'ENOTREG') return { problem: `is ${(error as RecordFileError).kind ?? 'not a regular file'}, not a file`, fix };
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'cannot be read (permission denied)', fix: `${fix} you can read` };
    return { problem: `cannot be read (${code ?? (error as Error).message})`, fix: `${fix} you can read` };
  }
  return referenceConfigProblem(kind, data);
}
