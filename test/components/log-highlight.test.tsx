// Colours only appear when chalk believes the terminal has them; set that before Ink loads (this file runs isolated).
process.env.FORCE_COLOR = '1';

import { afterEach, describe, expect, it } from 'vitest';

const { cleanup, render } = await import('ink-testing-library');
const { LogPane } = await import('../../src/components/LogPane.js');
const { logLineColor } = await import('../../src/components/LogLine.js');
const { appendLines, EMPTY_LOG_TAIL } = await import('../../src/state/log-tail.js');

afterEach(() => cleanup());

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';

describe('log highlighting', () => {
  it('classifies error and warning lines', () => {
    expect(logLineColor('24/01/01 12:00:00 ERROR Executor: Exception in task')).toBe('red');
    expect(logLineColor('Traceback (most recent call last):')).toBe('red');
    expect(logLineColor('24/01/01 12:00:00 WARN NativeCodeLoader: no native lib')).toBe('yellow');
    expect(logLineColor('24/01/01 12:00:00 INFO SparkContext: Running Spark')).toBeUndefined();
    expect(logLineColor('TERRORS are not errors')).toBeUndefined();
  });

  it('draws ERROR lines red and WARN lines yellow in the pane', () => {
    const tail = appendLines(EMPTY_LOG_TAIL, ['INFO fine', 'WARN careful', 'ERROR broken'], 100);
    const { lastFrame } = render(<LogPane stageName="bronze" tail={tail} height={5} scrollBack={0} follow />);
    const lines = (lastFrame() ?? '').split('\n');
    const find = (text: string) => lines.find((line) => line.includes(text)) ?? '';
    expect(find('ERROR broken')).toContain(RED);
    expect(find('WARN careful')).toContain(YELLOW);
    expect(find('INFO fine')).not.toContain(RED);
    expect(find('INFO fine')).not.toContain(YELLOW);
  });
});
