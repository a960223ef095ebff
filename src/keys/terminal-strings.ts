// Terminals send strings as input: replies to queries (OSC 11's background colour, OSC 52's clipboard, DECRQSS in a
// DCS, kitty's graphics replies in an APC) and whatever else reaches the terminal's input. Each starts with ESC and
// one of ] P _ ^ X (OSC, DCS, APC, PM, SOS) and runs to its terminator, BEL or ESC \ (ST). Ink's input parser cuts
// the introducer off as one key (ESC ] as Alt+]) and hands the payload on as typed text, so `11;rgb:aaaa/…` would be
// read as r (retry), a (abort)… A terminal string is dropped whole, also when it comes split across reads.
//
// The filter keeps none of the text, only where it is (outside, in a string, after an escape at the end of a piece
// in one), so a string that never ends costs no memory; an escape other than ESC \ ends a string as in xterm (the
// escape is read as a key again), so Esc gets the keys back. Each character is looked at once: linear time.

const BEL = '\u0007';
/** ESC followed by ] P _ ^ or X. */
const STRING_START = /\u001b[\]P_^X]/g;
const STRING_END = /[\u0007\u001b]/g;

export interface TerminalStringFilter {
  /** What of this piece of input (as Ink's input parser cut it) is not part of a terminal string; '' when none. */
  push(piece: string): string;
}

export function createTerminalStringFilter(): TerminalStringFilter {
  let where: 'outside' | 'inside' | 'after-escape' = 'outside';
  return {
    push(piece) {
      let kept = '';
      let at = 0;
      while (at < piece.length) {
        if (where === 'after-escape') {
          // The string's last piece ended with an escape: ESC \ ends the string; anything else ended it at the escape.
          if (piece[at] === '\\') at += 1;
          where = 'outside';
        } else if (where === 'outside') {
          STRING_START.lastIndex = at;
          const start = STRING_START.exec(piece);
          if (!start) return kept + piece.slice(at);
          kept += piece.slice(at, start.index);
          at = start.index + 2;
          where = 'inside';
        } else {
          STRING_END.lastIndex = at;
          const end = STRING_END.exec(piece);
          if (!end) return kept;
          const next = piece[end.index + 1];
          if (piece[end.index] === BEL || next === '\\') {
            at = end.index + (piece[end.index] === BEL ? 1 : 2);
            where = 'outside';
          } else if (next === undefined) {
            at = end.index + 1;
            where = 'after-escape';
          } else {
            // Another escape sequence ends the string; it is read as it would be outside one.
            at = end.index;
            where = 'outside';
          }
        }
      }
      return kept;
    },
  };
}
