// Which effects one key has on the run screen, given what is open over it: the one place that routes a key.
// Pure, so every route is tested without a terminal; RunScreen only reads the store and applies the effects.
import type { Key } from 'ink';
import { CONFIRM_KEY_BINDINGS, FILTER_KEY_BINDINGS, isInterrupt, matchCommand, type RunCommand } from './key-bindings.js';
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
      const answer = matchCommand(answersFor(ui.overlay.confirm), input, key);
      if (answer) return effectsOfAnswer(answer, context);
      // Ctrl+C while a question is open still means quit: treat it as "no" and ask the quit question instead.
      if (command === 'quit') return effectsOfRunCommand('quit', { ...context, ui: { ...ui, overlay: { kind: 'none' } } });
      return [];
    }
    case 'help':
      if (command !== undefined) return effectsOfRunCommand(command, context);
      return matchCommand(CONFIRM_KEY_BINDINGS, input, key) === 'cancel' ? effectsOfRunCommand('help', context) : [];
    case 'none': {
      if (command !== undefined) return effectsOfRunCommand(command, context);
      const filterCommand = matchCommand(FILTER_KEY_BINDINGS, input, key);
      return filterCommand ? effectsOfFilterCommand(filterCommand, context) : [];
    }
  }
}
