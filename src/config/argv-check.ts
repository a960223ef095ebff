import { shown } from './shown.js';

/** A meow flag spec: the flags' camelCase names, their type and whether they may repeat. */
export type FlagSpec = Record<string, { type: 'string' | 'boolean' | 'number'; isMultiple?: boolean }>;

const BUILT_IN = new Set(['help', 'version']);

/** Whose parser reads the flags after the check: meow (backfill's own) or node:util parseArgs (a subcommand's). */
export type ParserKind = 'meow' | 'parseArgs';

export const camelCase = (kebab: string) => kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
const kebabCase = (camel: string) => camel.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * The first usage problem in `argv` as one sentence with its fix, or undefined. Checked before meow parses, so
 * that an unknown flag, a flag given twice or a flag without its value never reaches meow's own messages or
 * stack traces. Positional words are left to the caller. `program` is whose options these are (`backfill show`).
 */
export function argvProblem(argv: readonly string[], spec: FlagSpec, program = 'backfill', parser: ParserKind = 'meow'): string | undefined {
  // Only the spec's own names are flags: `spec[name]` alone would find Object.prototype's members for
  // `--to-string`, `--constructor` or `--__proto__` and let them through to meow's bare messages.
  const flagOf = (name: string) => (Object.hasOwn(spec, name) ? spec[name] : undefined);
  const seen = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    if (!arg.startsWith('--')) {
      if (arg === '-h') continue;
      return `${shown(arg)} is not an option; options are long (--start-date, --help). See backfill --help.`;
    }
    const [rawName = '', inlineValue] = splitOnce(arg.slice(2), '=');
    // meow reads --no-X as X false; a subcommand's parseArgs knows no --no-X, which is then no option of it.
    const negated = parser === 'meow' && rawName.startsWith('no-') && flagOf(camelCase(rawName.slice(3)))?.type === 'boolean';
    const name = camelCase(negated ? rawName.slice(3) : rawName);
    if (BUILT_IN.has(name)) continue;
    const flag = flagOf(name);
    if (!flag || rawName !== rawName.toLowerCase()) {
      const whose = program === 'backfill' ? 'a backfill option' : `an option of ${program}`;
      return `--${shown(rawName)} is not ${whose}${suggestion(rawName, spec)}. See backfill --help.`;
    }
    if (!flag.isMultiple) {
      if (seen.has(name)) return `--${kebabCase(name)} is given twice; give it once.`;
      seen.add(name);
    }
    if (flag.type === 'boolean') {
      // meow reads --X=true and --X=false; parseArgs takes no value after a boolean at all.
      if (inlineValue !== undefined && (parser === 'parseArgs' || !['true', 'false'].includes(inlineValue))) {
        return `--${kebabCase(name)} takes no value (got ${shown(inlineValue)}); write --${kebabCase(name)} alone.`;
      }
      continue;
    }
    const flagName = `--${kebabCase(name)}`;
    if (inlineValue !== undefined) {
      if (inlineValue === '') return emptyValue(flagName);
      continue;
    }
    const next = argv[index + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2)) {
      return `${flagName} needs a value; write it as ${flagName} <value>.`;
    }
    // meow would take `-x` for a flag of its own and stop with a bare "Unknown flag"; a negative number is
    // left to the flag's own range check ("must be at least 0").
    if (next.startsWith('-') && next !== '-' && !NEGATIVE_NUMBER.test(next)) {
      return `${flagName} needs a value (${shown(next)} reads as an option); write ${flagName} <value>, or ${flagName}=${shown(next)} if that is the value.`;
    }
    if (next === '') return emptyValue(flagName);
    index++;
  }
  return undefined;
}

const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/** An empty value is refused rather than read as "not given" (a script's unset variable, `--runs-dir ""`). */
function emptyValue(flagName: string): string {
  return `${flagName} is empty; give it a value (${flagName} <value>) or leave the flag out for its default.`;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

/** ` (did you mean --end-date?)` for a near miss, else nothing. */
function suggestion(typed: string, spec: FlagSpec): string {
  const candidates = Object.keys(spec).map(kebabCase);
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(typed, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best ? ` (did you mean --${best.name}?)` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
