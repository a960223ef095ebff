// Which effects one key has on the run screen, given what is open over it: the one place that routes a key.
// Pure, so every route is tested without a terminal; RunScreen only reads the store and applies the effects.
import type { Key } from 'ink';
import { FILTER_KEY_BINDINGS, HELP_KEY_BINDINGS, isInterrupt, matchCommand, type RunCommand } from './key-bindings.js';
import { answersFor, effectsOfAnswer, effectsOfFilterCommand, effectsOfFilterKey, effectsOfRunCommand, type Effect, type RunCommandContext } from './run-command-effects.js';

/** `command` is the key's command in RUN_KEY_BINDINGS, undefined for any other key. */
export function effectsOfRunKey(command: RunCommand | undefined, input: string, key: Key, context: RunCommandContext): Effect[] {
  const { ui } = context;
  switch (ui.overlay.kind) {
    case 'filter':
      // The `/` prompt takes every printable key as text, a command's too (q is text, not quit); only Ctrl+C keeps
      // its meaning.
      return isInterrupt(input, key) ? effectsOfRunCommand('quit', context) : effectsOfFilterKey(input, key, ui);
    case 'confirm': {
      // A question takes its answers; any other key, a command's too (q, a, s, ?), does nothing.
      const answer = matchCommand(answersFor(ui.overlay.confirm), input, key);
      if (answer) return effectsOfAnswer(answer, context);
      // Ctrl+C while a question is open still means quit: treat it as "no" and ask the quit question instead.
      if (isInterrupt(input, key)) return effectsOfRunCommand('quit', { ...context, ui: { ...ui, overlay: { kind: 'none' } } });
      return [];
    }
    case 'help':
      // The help takes its own keys (? and Esc close it) and Ctrl+C (quit); any other key, a command's too, does nothing.
      if (matchCommand(HELP_KEY_BINDINGS, input, key) === 'closeHelp') return effectsOfRunCommand('help', context);
      return isInterrupt(input, key) ? effectsOfRunCommand('quit', context) : [];
    case 'none': {
      if (command !== undefined) return effectsOfRunCommand(command, context);
      const filterCommand = matchCommand(FILTER_KEY_BINDINGS, input, key);
      return filterCommand ? effectsOfFilterCommand(filterCommand, context) : [];
    }
  }
}
