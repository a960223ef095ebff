const SAFE = /^[\w@%+=:,./-]+$/;

/** Quotes argv for display and copy-paste into a POSIX shell. Never used to run anything. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((arg) => (arg !== '' && SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
