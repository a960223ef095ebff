// Terminals send escape sequences Ink has no name for: Ctrl+F1..F4 (`ESC[1;5P`..`ESC[1;5S`), replies to queries
// (`ESC[0n`, `ESC[?1;2c`), bracketed-paste marks. Ink 6's useInput reads such a key's name as `undefined` and
// throws (`input.startsWith`), taking the console down; others it hands on as text ("[?1;2c") that would be typed
// as commands. Every sequence Ink cannot name is an unknown key, and unknown keys are ignored.

const ESC = '\u001b';

/** The escape sequences Ink names (arrows, Home/End, PgUp/PgDn, Insert/Delete, F1..F12, Shift+Tab), as in its
 *  parse-keypress.js: the code after the escape, with any modifier (`1;5`) taken out. */
const NAMED_CODES = new Set([
  'OP', 'OQ', 'OR', 'OS', '[11~', '[12~', '[13~', '[14~', '[[A', '[[B', '[[C', '[[D', '[[E',
  '[15~', '[17~', '[18~', '[19~', '[20~', '[21~', '[23~', '[24~',
  '[A', '[B', '[C', '[D', '[E', '[F', '[H', 'OA', 'OB', 'OC', 'OD', 'OE', 'OF', 'OH',
  '[1~', '[2~', '[3~', '[4~', '[5~', '[6~', '[[5~', '[[6~', '[7~', '[8~',
  '[a', '[b', '[c', '[d', '[e', '[2$', '[3$', '[5$', '[6$', '[7$', '[8$', 'Oa', 'Ob', 'Oc', 'Od', 'Oe',
  '[2^', '[3^', '[5^', '[6^', '[7^', '[8^', '[Z',
]);

// Ink's reading of a function-key sequence: prefix, number, modifier, final character.
const FUNCTION_KEY = /^(?:\u001b+)(O|N|\[|\[\[)(?:(\d+)(?:;(\d+))?([~^$])|(?:1;)?(\d+)?([a-zA-Z]))/;

/** Whether `sequence` (one key as Ink's input parser cuts them) is an escape sequence Ink has no name for. */
export function isUnknownKey(sequence: string): boolean {
  if (!sequence.startsWith(ESC)) return false;
  const afterEscapes = sequence.replace(/^\u001b+/, '');
  // Esc itself, and Alt/Meta with one character.
  if ([...afterEscapes].length <= 1 && afterEscapes !== '[' && afterEscapes !== 'O') return false;
  const parts = FUNCTION_KEY.exec(sequence);
  if (!parts || parts[0].length !== sequence.length) return true;
  const code = [parts[1], parts[2], parts[4], parts[6]].filter(Boolean).join('');
  return !NAMED_CODES.has(code);
}
