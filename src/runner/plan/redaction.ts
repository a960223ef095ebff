import type { Plan, RunParams } from './plan-types.js';

// Operators pass credentials as Spark conf (`--conf spark.hadoop.fs.s3a.secret.key=...`). The child gets the
// real value; everything shown or stored (run.json, events, the console's lines, --dry-run) gets the value
// replaced, for keys matching Spark's own `spark.redaction.regex` (its default unless the run sets one).

export const DEFAULT_REDACTION_REGEX = '(?i)secret|password|token|access[.]key';
export const REDACTED = '*********(redacted)';

/** Spark's regex (Java syntax, `(?i)` for case-insensitive) as a JavaScript RegExp; the default when the
 *  run's conf names none or one that does not compile. */
export function redactionPattern(conf: readonly string[]): RegExp {
  const given = conf.find((entry) => entry.startsWith('spark.redaction.regex='))?.slice('spark.redaction.regex='.length);
  for (const source of [given, DEFAULT_REDACTION_REGEX]) {
    if (source === undefined) continue;
    const insensitive = source.startsWith('(?i)');
    try {
      return new RegExp(insensitive ? source.slice(4) : source, insensitive ? 'i' : '');
    } catch {
      // not a JavaScript regex: fall back to the default
    }
  }
  return /secret|password|token|access[.]key/i;
}

/** `key=value` with the value redacted when the key matches. */
export function redactConfEntry(entry: string, pattern: RegExp): string {
  const at = entry.indexOf('=');
  if (at < 0) return entry;
  const key = entry.slice(0, at);
  return pattern.test(key) ? `${key}=${REDACTED}` : entry;
}

/**
 * A `--conf` entry that is not `key=value` (`k.secret.key =S`, `k.secret.key S`) as a message may echo it:
 * when the pattern matches, what follows the matching word (up to a `=` or a space) is redacted.
 */
export function redactConfTypo(entry: string, pattern: RegExp): string {
  const match = pattern.exec(entry);
  if (!match) return entry;
  const rest = entry.slice(match.index + match[0].length);
  const end = match.index + match[0].length + (/[=\s]/.exec(rest)?.index ?? rest.length);
  return end < entry.length ? `${entry.slice(0, end)} ${REDACTED}` : entry;
}

/** An argv with the value of every `--conf key=value` (or `--conf=key=value`) whose key matches redacted. */
export function redactArgv(argv: readonly string[], pattern: RegExp): string[] {
  return argv.map((arg, index) => {
    if (argv[index - 1] === '--conf') return redactConfEntry(arg, pattern);
    if (arg.startsWith('--conf=')) return `--conf=${redactConfEntry(arg.slice('--conf='.length), pattern)}`;
    return arg;
  });
}

/** A URL as it may be shown: scheme and host kept, the rest (a webhook's token) replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = `${parsed.pathname}${parsed.search}`;
    return `${parsed.protocol}//${parsed.host}${rest === '/' || rest === '' ? '' : `/${REDACTED}`}`;
  } catch {
    return REDACTED;
  }
}

/**
 * `text` (an error message) with everything taken from `url` redacted: the URL itself, as given and as
 * parsed, and each piece of it but the scheme and host (user, password, path, query values), for a message
 * that quotes only a piece, or a URL that does not parse.
 */
export function redactUrlIn(text: string, url: string): string {
  const whole = [url, url.trim()];
  let host = '';
  let scheme = '';
  try {
    const parsed = new URL(url.trim());
    whole.push(parsed.href);
    host = parsed.host;
    scheme = parsed.protocol.replace(/:$/, '');
  } catch {
    // not a URL: its pieces still go
  }
  let result = text;
  for (const form of whole.filter((entry) => entry.length > 0).sort((a, b) => b.length - a.length)) result = result.split(form).join(redactUrl(url));
  const kept = new Set([scheme, host, ...host.split(':'), 'http', 'https', 'www']);
  const pieces = url
    .split(/[\s/:@?#&=;,]+/)
    .flatMap((piece) => [piece, safeDecode(piece)])
    .filter((piece) => piece.length >= 3 && !kept.has(piece.toLowerCase()) && !redactUrl(url).includes(piece))
    .sort((a, b) => b.length - a.length);
  for (const piece of pieces) result = result.split(piece).join(REDACTED);
  return result;
}

function safeDecode(piece: string): string {
  try {
    return decodeURIComponent(piece);
  } catch {
    return piece;
  }
}

export function redactParams(params: RunParams): RunParams {
  const pattern = redactionPattern(params.conf);
  return {
    ...params,
    conf: params.conf.map((entry) => redactConfEntry(entry, pattern)),
    ...(params.notifyUrl ? { notifyUrl: redactUrl(params.notifyUrl) } : {}),
  };
}

/** The plan as it may be shown and stored: the same stages and chunks, secrets redacted. */
export function redactPlan(plan: Plan): Plan {
  const pattern = redactionPattern(plan.params.conf);
  return {
    ...plan,
    params: redactParams(plan.params),
    stages: plan.stages.map((stage) => ({
      ...stage,
      command: redactArgv(stage.command, pattern),
      ...(stage.chunks ? { chunks: stage.chunks.map((chunk) => ({ ...chunk, command: redactArgv(chunk.command, pattern) })) } : {}),
    })),
  };
}

/** Conf entries of a recorded run whose values were redacted (they cannot be replayed). */
export function redactedConfKeys(conf: readonly string[]): string[] {
  return conf.filter((entry) => entry.endsWith(`=${REDACTED}`)).map((entry) => entry.slice(0, entry.indexOf('=')));
}
