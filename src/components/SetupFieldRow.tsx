import { Box, Text } from 'ink';
import type { OptionIssue } from '../config/options.js';
import { textValue } from '../state/setup-reducer.js';
import { toggleValue, type SetupField } from '../state/setup-fields.js';
import type { SetupForm } from '../state/app-state.js';
import { FieldIssues } from './FieldIssues.js';
import { terminalSafe } from '../text/terminal-safe.js';

export const LABEL_WIDTH = 22;

export interface SetupFieldRowProps {
  field: SetupField;
  form: SetupForm;
  focused: boolean;
  issues: readonly OptionIssue[];
}

/** One field: a label, the value (with a block cursor when focused), and its issues underneath. */
export function SetupFieldRow({ field, form, focused, issues }: SetupFieldRowProps) {
  const marker = focused ? '❯ ' : '  ';
  const labelColor = issues.length > 0 ? 'red' : focused ? 'cyan' : undefined;
  let value;
  if (field.kind === 'toggle') {
    const on = toggleValue(form.options, field.key);
    value = <Text color={on ? 'green' : 'gray'}>{on ? '[x]' : '[ ]'}</Text>;
  } else {
    const text = textValue(form, field.key);
    // Prefilled from the flags and the last run's record: shown through the one sanitizer. What it hides is
    // named here and shown escaped in the plan's commands.
    const visible = terminalSafe(text);
    value = (
      <Text>
        {visible}
        {focused ? <Text inverse> </Text> : null}
        {visible !== text ? <Text color="yellow"> (holds characters a terminal does not show)</Text> : null}
        {text === '' && !focused && field.hint ? <Text color="gray">{field.hint}</Text> : null}
        {text === '' && focused && field.hint ? <Text color="gray"> {field.hint}</Text> : null}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Box>
        <Text color={labelColor} bold={focused}>
          {(marker + field.label).padEnd(LABEL_WIDTH)}
        </Text>
        {value}
      </Box>
      <FieldIssues issues={issues} indent={LABEL_WIDTH} />
    </Box>
  );
}
