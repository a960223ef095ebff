import { Box, Text, type Key } from 'ink';
import { useCallback, useMemo } from 'react';
import type { BackfillOptions, ValidationResult } from '../config/options.js';
import { SETUP_KEY_BINDINGS, type SetupCommand } from '../keys/key-bindings.js';
import { useCanReadKeys, useKeyCommands } from '../hooks/use-key-commands.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { FIELD_FLAGS, SETUP_FIELDS } from '../state/setup-fields.js';
import { focusedField } from '../state/setup-reducer.js';
import { useAppStore, type AppStore } from '../state/store.js';
import { FieldIssues } from './FieldIssues.js';
import { KeyFooter } from './KeyFooter.js';
import { PlanPreview } from './PlanPreview.js';
import { SetupFieldRow } from './SetupFieldRow.js';
import type { Plan, RunParams } from '../runner/plan/plan-types.js';

export interface SetupScreenProps {
  store: AppStore;
  validate: (options: BackfillOptions) => ValidationResult;
  preview: (params: RunParams) => Plan;
  onStart: (params: RunParams) => void;
  onQuit: () => void;
}

// Below this height the full commands would push the screen past the terminal and make Ink redraw it all.
const COMPACT_BELOW_ROWS = 40;

export function SetupScreen({ store, validate, preview, onStart, onQuit }: SetupScreenProps) {
  const form = useAppStore(store, (state) => state.setup);
  const validation = useMemo(() => validate(form.options), [validate, form.options]);
  const issues = validation.ok ? [] : validation.issues;
  const canReadKeys = useCanReadKeys();
  const { rows } = useTerminalSize();
  const compact = rows < COMPACT_BELOW_ROWS;

  const onCommand = useCallback(
    (command: SetupCommand, input: string) => {
      const { dispatch, setup } = store.getState();
      switch (command) {
        case 'start': {
          const result = validate(setup.options);
          if (result.ok) onStart(result.params);
          return;
        }
        case 'nextField':
          return dispatch({ type: 'setup/focus', delta: 1 });
        case 'previousField':
          return dispatch({ type: 'setup/focus', delta: -1 });
        case 'toggle':
          // Space in a text field is text (a conf list is space-separated).
          return dispatch(focusedField(setup).kind === 'toggle' ? { type: 'setup/toggle' } : { type: 'setup/type', text: input });
        case 'erase':
          return dispatch({ type: 'setup/erase' });
        case 'quit':
          return onQuit();
      }
    },
    [store, validate, onStart, onQuit],
  );

  const onOther = useCallback(
    (input: string, key: Key) => {
      if (key.ctrl || key.meta || input === '') return;
      store.getState().dispatch({ type: 'setup/type', text: input });
    },
    [store],
  );

  useKeyCommands(SETUP_KEY_BINDINGS, onCommand, { onOther });

  const otherIssues = issues.filter((issue) => !FIELD_FLAGS.has(issue.flag));
  return (
    <Box flexDirection="column">
      <Text bold>backfill · set up a run</Text>
      {SETUP_FIELDS.map((field, index) => (
        <SetupFieldRow
          key={field.key}
          field={field}
          form={form}
          focused={index === form.focus}
          issues={issues.filter((issue) => field.flags.includes(issue.flag))}
        />
      ))}
      <FieldIssues issues={otherIssues} indent={2} />
      <Box marginTop={compact ? 0 : 1}>
        <PlanPreview validation={validation} preview={preview} compact={compact} />
      </Box>
      <Box marginTop={compact ? 0 : 1}>
        {canReadKeys ? <KeyFooter bindings={SETUP_KEY_BINDINGS} /> : <Text color="gray">(no terminal input: pass every option as a flag with --yes)</Text>}
      </Box>
    </Box>
  );
}
