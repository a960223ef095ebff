import type { BackfillOptions } from '../config/options.js';
import type { SetupForm } from './app-state.js';
import { parseConf, parseGrace, parseParallel, SETUP_FIELDS, withToggled, type SetupField, type TextFieldKey } from './setup-fields.js';

export type SetupAction =
  | { type: 'setup/focus'; delta: number }
  | { type: 'setup/type'; text: string }
  | { type: 'setup/erase' }
  | { type: 'setup/toggle' };

export function focusedField(form: SetupForm): SetupField {
  return SETUP_FIELDS[form.focus] ?? SETUP_FIELDS[0]!;
}

export function textValue(form: SetupForm, key: TextFieldKey): string {
  if (key === 'grace') return form.graceText;
  if (key === 'conf') return form.confText;
  if (key === 'parallel') return form.parallelText;
  if (key === 'chunk') return form.options.chunk ?? '';
  return form.options[key];
}

function withText(form: SetupForm, key: TextFieldKey, text: string): SetupForm {
  if (key === 'grace') return { ...form, graceText: text, options: withTyped({ ...form.options, grace: parseGrace(text) }, 'grace', text) };
  if (key === 'conf') return { ...form, confText: text, options: { ...form.options, conf: parseConf(text) } };
  // Emptied, chunk and parallel go back to their defaults rather than being invalid.
  if (key === 'parallel') return { ...form, parallelText: text, options: withTyped(withOptional(form.options, 'parallel', parseParallel(text)), 'parallel', text.trim() === '' ? undefined : text) };
  if (key === 'chunk') return { ...form, options: withOptional(form.options, 'chunk', text.trim() === '' ? undefined : text) };
  return { ...form, options: { ...form.options, [key]: text } };
}

/** The options with `key` as now typed in its field (for messages to echo it so), none when emptied. */
function withTyped(options: BackfillOptions, key: 'grace' | 'parallel', text: string | undefined): BackfillOptions {
  const typed = { ...options.typed };
  if (text === undefined) Reflect.deleteProperty(typed, key);
  else typed[key] = text;
  const next: BackfillOptions = { ...options, typed };
  if (Object.keys(typed).length === 0) Reflect.deleteProperty(next, 'typed');
  return next;
}

function withOptional<K extends 'parallel' | 'chunk'>(options: BackfillOptions, key: K, value: BackfillOptions[K] | undefined): BackfillOptions {
  const next: BackfillOptions = { ...options };
  if (value === undefined) Reflect.deleteProperty(next, key);
  else next[key] = value;
  return next;
}

// Control characters (escape sequences of keys we do not handle) must not end up in a field.
const PRINTABLE = /[^\x00-\x1f\x7f]/g;

export function setupReducer(form: SetupForm, action: SetupAction): SetupForm {
  const field = focusedField(form);
  switch (action.type) {
    case 'setup/focus': {
      const count = SETUP_FIELDS.length;
      return { ...form, focus: (((form.focus + action.delta) % count) + count) % count };
    }
    case 'setup/type': {
      if (field.kind !== 'text') return form;
      const typed = (action.text.match(PRINTABLE) ?? []).join('');
      if (typed === '') return form;
      return withText(form, field.key, textValue(form, field.key) + typed);
    }
    case 'setup/erase': {
      if (field.kind !== 'text') return form;
      return withText(form, field.key, textValue(form, field.key).slice(0, -1));
    }
    case 'setup/toggle':
      if (field.kind !== 'toggle') return form;
      return { ...form, options: withToggled(form.options, field.key) };
  }
}
