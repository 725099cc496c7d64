// The one seeded generator: the demo data, the bench's resampling and the crash soak's choices all draw from it, so a
// seed must give the same sequence on every machine and the numbers must spread over [0, 1).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/seeded-random.js';

const draw = (seed: number, n: number) => {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => next());
};

describe('mulberry32', () => {
  it("gives mulberry32's own sequence for a seed (values from an independent implementation)", () => {
    // The soak's default seed and the demo's.
    expect(draw(7, 3)).toEqual([0.011704753153026104, 0.06195825757458806, 0.97690763277933]);
    expect(draw(20261123, 3)).toEqual([0.9007212214637548, 0.843700616620481, 0.4729218122083694]);
  });

  it('spreads its numbers evenly over [0, 1): each tenth of the range gets its share of 10,000 draws', () => {
    const xs = draw(5, 10_000);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const tenths = Array.from({ length: 10 }, (_, i) => xs.filter((x) => Math.floor(x * 10) === i).length);
    for (const n of tenths) expect(n).toBeGreaterThan(900);
    expect(new Set(xs).size).toBeGreaterThan(9_990);
  });
});
