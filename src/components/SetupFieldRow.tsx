import { Box, Text } from 'ink';
import type { OptionIssue } from '../config/options.js';
import { textValue } from '../state/setup-reducer.js';
import { toggleValue, type SetupField } from '../state/setup-fields.js';
import type { SetupForm } from '../state/app-state.js';
import { FieldIssues } from './FieldIssues.js';

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
    value = (
      <Text>
        {text}
        {focused ? <Text inverse> </Text> : null}
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
