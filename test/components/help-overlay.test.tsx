import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../src/components/HelpOverlay.js';
import { keyLabels, RUN_KEY_BINDINGS } from '../../src/keys/key-bindings.js';

describe('HelpOverlay', () => {
  it.each([30, 12])('lists every key of the table in %i rows', (height) => {
    const { lastFrame } = render(<HelpOverlay bindings={RUN_KEY_BINDINGS} height={height} />);
    const frame = lastFrame() ?? '';
    expect(frame.split('\n').length).toBeLessThanOrEqual(height);
    for (const binding of RUN_KEY_BINDINGS) expect(frame).toContain(keyLabels(binding));
  });
});
