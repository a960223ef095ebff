import { describe, expect, it } from 'vitest';
import { remainingMs, smoothEta, type SmoothedEta } from '../../src/eta/smooth.js';

const T0 = 1_000_000;

describe('smoothEta', () => {
  it('starts at the raw estimate and keeps the previous one when there is none', () => {
    const first = smoothEta(undefined, { remainingMs: 60_000, source: 'history' }, T0)!;
    expect(remainingMs(first, T0)).toBe(60_000);
    expect(smoothEta(first, undefined, T0 + 1_000)).toBe(first);
    expect(smoothEta(undefined, undefined, T0)).toBeUndefined();
  });

  it('moves at most a bounded amount per second when the raw estimate jumps, then converges', () => {
    // history said 1 h; the rate says 5 min
    let eta: SmoothedEta | undefined = smoothEta(undefined, { remainingMs: 3_600_000, source: 'history' }, T0);
    const shown: number[] = [];
    for (let second = 1; second <= 600; second++) {
      const now = T0 + second * 1000;
      eta = smoothEta(eta, { remainingMs: Math.max(0, 300_000 - second * 1000), source: 'rate' }, now);
      shown.push(remainingMs(eta!, now));
    }
    const previous = [3_600_000, ...shown];
    for (let i = 0; i < shown.length; i++) {
      // one second of countdown plus at most 30 s of shift
      expect(Math.abs(previous[i]! - shown[i]!)).toBeLessThanOrEqual(31_000);
    }
    // within a few minutes it agrees with the rate
    expect(Math.abs(shown[299]!)).toBeLessThan(5_000);
    expect(eta!.source).toBe('rate');
  });

  it('holds steady through noisy raw estimates', () => {
    // truth: 10 min left at the start; raw estimates scatter by ±40%
    let eta: SmoothedEta | undefined;
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 0.8 - 0.4;
    const errors: number[] = [];
    let previousShown: number | undefined;
    for (let second = 0; second <= 300; second++) {
      const now = T0 + second * 1000;
      const truth = 600_000 - second * 1000;
      eta = smoothEta(eta, { remainingMs: truth * (1 + noise()), source: 'rate' }, now);
      const shown = remainingMs(eta!, now);
      if (previousShown !== undefined) expect(Math.abs(previousShown - shown)).toBeLessThanOrEqual(1_000 + 12_000 + 1);
      previousShown = shown;
      if (second >= 60) errors.push(Math.abs(shown - truth) / truth);
    }
    expect(Math.max(...errors)).toBeLessThan(0.25);
  });
});
