import type { RunStatus, StageStatus } from '../runner/run/run-types.js';

export interface StatusLook {
  glyph: string;
  color: string;
  /** Drawn faint where many sit side by side (the chunk grid). */
  dim?: boolean;
}

/** The one look of each status, wherever a stage, a chunk or a run shows one. Glyphs differ as well as
 *  colours, so every screen reads on a terminal without colour too. */
export const STATUS_LOOK: Readonly<Record<StageStatus | RunStatus, StatusLook>> = {
  pending: { glyph: '·', color: 'gray', dim: true },
  running: { glyph: '▶', color: 'cyan' },
  succeeded: { glyph: '✔', color: 'green' },
  failed: { glyph: '✘', color: 'red' },
  skipped: { glyph: '↷', color: 'gray' },
  aborted: { glyph: '■', color: 'yellow' },
};
