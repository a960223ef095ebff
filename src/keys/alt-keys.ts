// Alt (Meta) with a key reaches a terminal program as Escape followed by that key (`ESC a`), or, for a key that is
// itself a sequence, as an Escape before it (`ESC ESC [A`) or as xterm's modifier (`ESC [1;3A`). Ink reads `ESC a`
// as `a` with `meta` set and `ESC ?` as a bare `?`, so Alt+a would abort and Alt+? open the help. An Alt key is not
// its bare key: Alt keys are ignored.

const ESC = '\u001b';

/** xterm's modified keys, `ESC [1;3A` and `ESC [5;3~`: the modifier is 1 + a bit set (1 Shift, 2 Alt, 4 Ctrl, 8 Meta). */
const MODIFIED_KEY = /^\u001b\[\d*;(\d+)[~A-Za-z]$/;
const ALT_OR_META = 0b1010;

/** Whether `sequence` (one key as Ink's input parser cuts them) is a key held with Alt or Meta. Escape is not, nor is
 *  Escape twice (`ESC ESC`, Esc pressed twice in a row). */
export function isAltKey(sequence: string): boolean {
  if (!sequence.startsWith(ESC)) return false;
  const rest = sequence.slice(ESC.length);
  if (rest === '' || rest === ESC) return false;
  // ESC ESC [A: Alt with a key that is a sequence of its own.
  if (rest.startsWith(ESC)) return true;
  // ESC a, ESC ?, ESC Enter, ESC Backspace: Alt with one key.
  if ([...rest].length === 1) return true;
  const modified = MODIFIED_KEY.exec(sequence);
  return modified !== null && ((Number(modified[1]) - 1) & ALT_OR_META) !== 0;
}
