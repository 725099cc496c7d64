import { describe, expect, it } from 'vitest';
import { p99RatioInterval, pooledPercentile } from '../../bench/ratio-interval.js';

/** Latencies of one run: mostly `base` ms, every 50th request slowed to `slow` ms. */
const run = (n: number, base: number, slow: number, offset = 0) => Array.from({ length: n }, (_, i) => ((i + offset) % 50 === 0 ? slow : base + (i % 7) / 10));

describe('pooledPercentile', () => {
  it('takes the same element as sorting the pooled latencies would', () => {
    const runs = [run(997, 1, 9), run(1003, 2, 12, 3), [5, 0.5, 40]];
    const sorted = runs.flat().sort((a, b) => a - b);
    for (const p of [0, 50, 90, 99, 100]) expect(pooledPercentile(runs, p)).toBe(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  });

  it('has no percentile without latencies', () => {
    expect(pooledPercentile([[], []], 99)).toBeNaN();
  });
});

describe('p99RatioInterval', () => {
  it('brackets the pooled ratio, and is narrow when every run agrees', () => {
    const ours = Array.from({ length: 10 }, () => run(3000, 1, 8));
    const theirs = Array.from({ length: 10 }, () => run(3000, 1, 4));
    const r = p99RatioInterval(ours, theirs);
    expect(r.ratio).toBe(2);
    expect(r.low).toBe(2);
    expect(r.high).toBe(2);
  });

  it('widens when one run of ours was slow, and the pooled ratio stays inside', () => {
    const theirs = Array.from({ length: 10 }, () => run(3000, 1, 4));
    const ours = [...Array.from({ length: 9 }, () => run(3000, 1, 4)), run(3000, 1, 40, 1).map((x, i) => (i % 20 === 0 ? 40 : x))];
    const r = p99RatioInterval(ours, theirs);
    expect(r.low).toBeLessThanOrEqual(r.ratio);
    expect(r.high).toBeGreaterThanOrEqual(r.ratio);
    expect(r.low).toBe(1);
    expect(r.high).toBeGreaterThan(5);
  });

  it('gives the same interval for the same runs', () => {
    const a = Array.from({ length: 10 }, (_, k) => run(500, 1, 3 + k));
    const b = Array.from({ length: 10 }, (_, k) => run(500, 1, 4 + (k % 3)));
    expect(p99RatioInterval(a, b)).toEqual(p99RatioInterval(a, b));
  });
});
