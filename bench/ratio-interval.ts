// How sure a p99 ratio is. Ten 10 s runs per side on a shared machine move a target's p99 by a factor of two from run
// to run, so a pooled ratio of 1.15× may as well be 0.9× or 1.4×: a goal of "≤ 1.2×" needs the spread beside it.
// Runs are resampled (the bootstrap), since a run, not a request, is what the machine's background load varies by.
import { mulberry32 } from '../src/seeded-random.js';

/** The k-th smallest of xs (0-based), in linear expected time; xs is reordered. */
function select(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

/** The p-th percentile of the runs' latencies pooled, as bench/paced.ts's summarize takes it. */
export function pooledPercentile(runs: readonly (readonly number[])[], p: number): number {
  const n = runs.reduce((s, r) => s + r.length, 0);
  if (!n) return NaN;
  const all = new Float64Array(n);
  let at = 0;
  for (const r of runs) for (const x of r) all[at++] = x;
  return select(all, Math.min(n - 1, Math.floor((p / 100) * n)));
}

export interface RatioInterval {
  /** The ratio of the pooled p99s, ours over theirs. */
  ratio: number;
  /** The 5th and 95th percentiles of the ratio over resamples of each side's runs. */
  low: number;
  high: number;
}

/** The p99 ratio of `ours` to `theirs` (each a list of runs' latencies) and its 90% bootstrap interval. */
export function p99RatioInterval(ours: readonly number[][], theirs: readonly number[][], resamples = 400, seed = 14): RatioInterval {
  const ratio = pooledPercentile(ours, 99) / pooledPercentile(theirs, 99);
  const next = mulberry32(seed);
  const draw = (runs: readonly number[][]) => runs.map(() => runs[Math.floor(next() * runs.length)]!);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) ratios.push(pooledPercentile(draw(ours), 99) / pooledPercentile(draw(theirs), 99));
  ratios.sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] ?? NaN;
  return { ratio, low: at(0.05), high: at(0.95) };
}
