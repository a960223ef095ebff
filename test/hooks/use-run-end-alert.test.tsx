import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { useRunEndAlert } from '../../src/hooks/use-run-end-alert.js';
import type { RunStatus } from '../../src/runner/run/run-types.js';
import { runEndAlert } from '../../src/text/run-end-alert.js';

function Watcher({ status }: { status: RunStatus | undefined }) {
  useRunEndAlert('RID', status);
  return <Text>{status ?? 'none'}</Text>;
}

function renderOnTty(status: RunStatus | undefined) {
  const instance = render(<Watcher status={status} />);
  const stdout = instance.stdout as unknown as { isTTY: boolean; write: (text: string) => boolean };
  stdout.isTTY = true;
  const written: string[] = [];
  const original = stdout.write.bind(stdout);
  stdout.write = (text: string) => (written.push(text), original(text));
  return { ...instance, written };
}

describe('useRunEndAlert', () => {
  it('rings and notifies once when a watched run ends', () => {
    const view = renderOnTty('running');
    view.rerender(<Watcher status="succeeded" />);
    view.rerender(<Watcher status="succeeded" />);
    expect(view.written.filter((text) => text === runEndAlert('RID', 'succeeded'))).toHaveLength(1);
  });

  it('stays quiet when the screen opens on a run that has ended already', () => {
    const view = renderOnTty(undefined);
    view.rerender(<Watcher status="failed" />);
    expect(view.written.some((text) => text.includes('\u0007'))).toBe(false);
  });

  it('is the bell, OSC 777 and OSC 9, with nothing in the text that could end them early', () => {
    expect(runEndAlert('R;1', 'failed\u0007')).toBe('\u0007\u001b]777;notify;backfill;backfill run R,1 failed\u0007\u001b]9;backfill run R,1 failed\u0007');
  });
});
