// The one table of keyboard commands. The input handlers, the `?` help overlay and the footers all read it,
// so a key documented is a key handled.
import type { Key } from 'ink';

export type SpecialKey = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'end' | 'home' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

export interface KeyChord {
  /** The typed character, e.g. 'a'; with `ctrl`, the letter held with Ctrl. */
  input?: string;
  key?: SpecialKey;
  ctrl?: boolean;
  shift?: boolean;
  /** How the key is written in help and footer. */
  label: string;
}

export interface CommandBinding<C extends string> {
  command: C;
  keys: readonly KeyChord[];
  /** A sentence for the help overlay. */
  description: string;
  /** A word or two for the footer; omitted from the footer when absent. */
  footer?: string;
  /** Offered in the footer only while the run is going (abort, skip); always when absent. */
  whileRunning?: boolean;
}

/** Ctrl+C: the one key that keeps its meaning (quit) whatever is open over the run screen. */
export const INTERRUPT: KeyChord = { input: 'c', ctrl: true, label: 'Ctrl+C' };

export type RunCommand =
  | 'abort'
  | 'skip'
  | 'retry'
  | 'quit'
  | 'detach'
  | 'selectPrevious'
  | 'selectNext'
  | 'scrollUp'
  | 'scrollDown'
  | 'pageUp'
  | 'pageDown'
  | 'follow'
  | 'nextChunk'
  | 'filter'
  | 'toggleChatter'
  | 'help';

/** Keys that act only with a log filter applied; the `/` entry of the table documents them. */
export type FilterCommand = 'nextMatch' | 'previousMatch' | 'clearFilter';

export const FILTER_KEY_BINDINGS: readonly CommandBinding<FilterCommand>[] = [
  { command: 'nextMatch', keys: [{ input: 'n', label: 'n' }], description: 'The next (newer) match.' },
  { command: 'previousMatch', keys: [{ input: 'N', label: 'N' }], description: 'The previous (older) match.' },
  { command: 'clearFilter', keys: [{ key: 'escape', label: 'Esc' }], description: 'Clear the filter.' },
];

export const RUN_KEY_BINDINGS: readonly CommandBinding<RunCommand>[] = [
  { command: 'abort', keys: [{ input: 'a', label: 'a' }], description: 'Abort the run (asks first): SIGTERM, then SIGKILL after the grace period.', footer: 'abort', whileRunning: true },
  { command: 'skip', keys: [{ input: 's', label: 's' }], description: 'Skip the selected pending stage; stop a running one as skipped (asks first).', footer: 'skip', whileRunning: true },
  { command: 'retry', keys: [{ input: 'r', label: 'r' }], description: 'Retry the selected failed or aborted stage.', footer: 'retry' },
  { command: 'quit', keys: [{ input: 'q', label: 'q' }, INTERRUPT], description: 'Quit; while running it asks: abort or detach. Ctrl+C twice aborts and quits.', footer: 'quit/detach' },
  // No footer word of its own: the footer shows it with quit, as `q/d quit/detach`.
  { command: 'detach', keys: [{ input: 'd', label: 'd' }], description: 'Detach: quit and leave the run going; `backfill attach` reopens it.' },
  { command: 'help', keys: [{ input: '?', label: '?' }], description: 'Show or hide this help.', footer: 'help' },
  { command: 'selectPrevious', keys: [{ key: 'upArrow', label: '↑' }], description: 'Select the previous stage.', footer: 'stage' },
  { command: 'selectNext', keys: [{ key: 'downArrow', label: '↓' }], description: 'Select the next stage.' },
  // In the footer only while a chunked stage is selected (see footer-bindings.ts).
  { command: 'nextChunk', keys: [{ input: 'c', label: 'c' }], description: "Show the next chunk's log (running chunks first), then the whole stage's again.", footer: 'chunk' },
  {
    command: 'filter',
    keys: [{ input: '/', label: '/' }],
    description: 'Filter the log (text or /regex/); Enter shows matches only, n/N step, Esc clears.',
    footer: 'find',
  },
  { command: 'toggleChatter', keys: [{ input: 'l', label: 'l' }], description: "Hide Spark's INFO/DEBUG lines; WARN, ERROR, job lines and tracebacks stay.", footer: 'quiet' },
  { command: 'scrollUp', keys: [{ input: 'k', label: 'k' }], description: 'Scroll the log up one line.', footer: 'scroll' },
  { command: 'scrollDown', keys: [{ input: 'j', label: 'j' }], description: 'Scroll the log down one line.' },
  { command: 'pageUp', keys: [{ key: 'pageUp', label: 'PgUp' }], description: 'Scroll the log up one page.' },
  { command: 'pageDown', keys: [{ key: 'pageDown', label: 'PgDn' }], description: 'Scroll the log down one page.' },
  { command: 'follow', keys: [{ input: 'f', label: 'f' }, { key: 'end', label: 'End' }], description: 'Follow the newest log lines again.', footer: 'follow' },
];

export type HelpCommand = 'closeHelp';

/** The keys the `?` overlay takes (and Ctrl+C, quit): any other key, a command's too, does nothing while it is open. */
export const HELP_KEY_BINDINGS: readonly CommandBinding<HelpCommand>[] = [
  { command: 'closeHelp', keys: [{ input: '?', label: '?' }, { key: 'escape', label: 'Esc' }], description: 'Close the help.' },
];

export type ConfirmCommand = 'confirm' | 'cancel' | 'detach' | 'now';

export const CONFIRM_KEY_BINDINGS: readonly CommandBinding<ConfirmCommand>[] = [
  { command: 'confirm', keys: [{ input: 'y', label: 'y' }], description: 'Yes, do it.', footer: 'yes' },
  {
    command: 'cancel',
    keys: [{ input: 'n', label: 'n' }, { key: 'escape', label: 'Esc' }],
    description: 'No, go back.',
    footer: 'no',
  },
];

/** The answers to "quit while running?": abort the run and quit, detach (the run goes on), or go back; a second
 *  Ctrl+C aborts and quits at once. */
export const QUIT_CONFIRM_KEY_BINDINGS: readonly CommandBinding<ConfirmCommand>[] = [
  { command: 'confirm', keys: [{ input: 'y', label: 'y' }], description: 'Abort the run, then quit.', footer: 'abort run' },
  { command: 'detach', keys: [{ input: 'd', label: 'd' }], description: 'Detach: quit, the run goes on.', footer: 'detach' },
  CONFIRM_KEY_BINDINGS[1]!,
  {
    command: 'now',
    keys: [INTERRUPT],
    description: 'Abort the run and quit now, without waiting for it to stop (its runner host finishes the abort).',
    footer: 'quit now',
  },
];

export type SetupCommand = 'start' | 'nextField' | 'previousField' | 'toggle' | 'erase' | 'quit';

export const SETUP_KEY_BINDINGS: readonly CommandBinding<SetupCommand>[] = [
  { command: 'start', keys: [{ key: 'return', label: 'Enter' }], description: 'Start the run when every field is valid.', footer: 'start' },
  {
    command: 'nextField',
    keys: [{ key: 'tab', label: 'Tab' }, { key: 'downArrow', label: '↓' }],
    description: 'Move to the next field.',
    footer: 'next',
  },
  {
    command: 'previousField',
    keys: [{ key: 'tab', shift: true, label: 'Shift+Tab' }, { key: 'upArrow', label: '↑' }],
    description: 'Move to the previous field.',
    footer: 'previous',
  },
  { command: 'toggle', keys: [{ input: ' ', label: 'Space' }], description: 'Toggle the selected stage or option.', footer: 'toggle' },
  {
    command: 'erase',
    keys: [{ key: 'backspace', label: 'Backspace' }, { key: 'delete', label: 'Del' }],
    description: 'Delete the last character of the field.',
    footer: 'delete',
  },
  { command: 'quit', keys: [INTERRUPT], description: 'Quit without running.', footer: 'quit' },
];

export function chordMatches(chord: KeyChord, input: string, key: Key): boolean {
  if (Boolean(chord.ctrl) !== key.ctrl) return false;
  if (chord.key !== undefined) {
    // Shift only distinguishes chords that ask for it (Shift+Tab); arrows ignore it.
    if (chord.shift !== undefined && chord.shift !== key.shift) return false;
    if (chord.key === 'tab' && chord.shift === undefined && key.shift) return false;
    return key[chord.key];
  }
  return chord.input === input;
}

/** Whether this key press is Ctrl+C. */
export function isInterrupt(input: string, key: Key): boolean {
  return chordMatches(INTERRUPT, input, key);
}

/** The command bound to this key press, if any. */
export function matchCommand<C extends string>(bindings: readonly CommandBinding<C>[], input: string, key: Key): C | undefined {
  return bindings.find((binding) => binding.keys.some((chord) => chordMatches(chord, input, key)))?.command;
}

export function keyLabels(binding: CommandBinding<string>): string {
  return binding.keys.map((chord) => chord.label).join('/');
}

/**
 * Footer entries, short enough for 80 columns: each command's first key, and commands without a footer word
 * joined to the one before (↑/↓ stage). The help overlay lists every key.
 */
export function footerEntries(bindings: readonly CommandBinding<string>[]): Array<{ keys: string; label: string; command: string }> {
  const entries: Array<{ keys: string; label: string; command: string }> = [];
  let previous: { keys: string; label: string; command: string } | undefined;
  for (const binding of bindings) {
    const firstKey = binding.keys[0]?.label ?? '';
    if (binding.footer) {
      previous = { keys: firstKey, label: binding.footer, command: binding.command };
      entries.push(previous);
    } else if (previous) {
      previous.keys = `${previous.keys}/${firstKey}`;
    }
  }
  return entries;
}

/** What a narrow footer gives up first: the navigation keys everyone knows, before the ones that act. `?`
 *  (help) always stays, and lists everything. */
const FOOTER_DROP_ORDER = ['selectPrevious', 'scrollUp', 'nextChunk', 'toggleChatter', 'follow', 'filter', 'skip', 'retry'];

const entryWidth = (entry: { keys: string; label: string }) => [...entry.keys].length + 1 + [...entry.label].length;

/** Footer entries that fit `width` columns (with ` · ` between them), dropping the least needed first. */
export function fittingFooterEntries(bindings: readonly CommandBinding<string>[], width: number) {
  const entries = footerEntries(bindings);
  const total = () => entries.reduce((sum, entry, index) => sum + entryWidth(entry) + (index > 0 ? 3 : 0), 0);
  for (const command of FOOTER_DROP_ORDER) {
    if (total() <= width) break;
    const at = entries.findIndex((entry) => entry.command === command);
    if (at >= 0) entries.splice(at, 1);
  }
  return entries;
}
