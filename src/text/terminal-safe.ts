// A job's output is not trusted to be polite: Spark, Python or a broken job can print escape sequences that
// clear the operator's screen (`ESC[2J`), retitle the window (OSC 0) or worse. Before a log line reaches a
// terminal it loses every escape sequence and control character; a tab becomes spaces.

 
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g; // OSC ... BEL or ST (or cut off)
 
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
 
const OTHER_ESCAPE = /\u001b[@-Z\\-_]?/g; // two-character escapes (and a lone ESC)
 
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** `line` without escape sequences and control characters, tabs as four spaces. */
export function terminalSafe(line: string): string {
  return line.replace(OSC, '').replace(CSI, '').replace(OTHER_ESCAPE, '').replace(/\t/g, '    ').replace(CONTROL, '');
}
