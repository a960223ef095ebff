import type { Eta, EtaSource } from './estimate.js';

/** A displayed estimate: the projected finish time, which is what smoothing keeps steady. */
export interface SmoothedEta {
  finishAtMs: number;
  atMs: number;
  source: EtaSource;
}

export interface SmoothingOptions {
  /** Time constant of the exponential smoothing of the finish time. */
  tauMs?: number;
  /** Per second of wall time, the finish time moves by at most this share of the time remaining... */
  maxShiftShare?: number;
  /** ...and never by more than this, nor is held to less than `minShiftMs`. */
  maxShiftMs?: number;
  minShiftMs?: number;
}

const DEFAULTS: Required<SmoothingOptions> = { tauMs: 10_000, maxShiftShare: 0.02, maxShiftMs: 30_000, minShiftMs: 1000 };

/**
 * Steps the displayed estimate toward a new raw one. The projected finish time follows the raw one with
 * exponential smoothing, and moves by at most a bounded amount per second (2% of the remaining time,
 * between 1 s and 30 s), so the countdown never jumps by minutes from one second to the next.
 * Without a raw estimate the previous one stands (and keeps counting down).
 */
export function smoothEta(
  previous: SmoothedEta | undefined,
  raw: Eta | undefined,
  nowMs: number,
  options: SmoothingOptions = {},
): SmoothedEta | undefined {
  if (!raw) return previous;
  const target = nowMs + raw.remainingMs;
  if (!previous) return { finishAtMs: target, atMs: nowMs, source: raw.source };
  const { tauMs, maxShiftShare, maxShiftMs, minShiftMs } = { ...DEFAULTS, ...options };
  const dtMs = Math.max(0, nowMs - previous.atMs);
  const blended = previous.finishAtMs + (target - previous.finishAtMs) * (1 - Math.exp(-dtMs / tauMs));
  const previousRemaining = Math.max(0, previous.finishAtMs - nowMs);
  const perSecond = Math.min(maxShiftMs, Math.max(minShiftMs, previousRemaining * maxShiftShare));
  const limit = (perSecond * dtMs) / 1000;
  const shift = Math.max(-limit, Math.min(limit, blended - previous.finishAtMs));
  return { finishAtMs: Math.max(nowMs, previous.finishAtMs + shift), atMs: nowMs, source: raw.source };
}

export function remainingMs(eta: SmoothedEta, nowMs: number): number {
  return Math.max(0, eta.finishAtMs - nowMs);
}
