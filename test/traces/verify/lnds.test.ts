import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { longestNonDecreasing } from '../../../traces/verify/lnds.js';

describe('longestNonDecreasing', () => {
  it('leaves out exactly the two swapped elements', () => {
    expect(longestNonDecreasing([1, 2, 9, 4, 5, 6, 3, 10])).toEqual([0, 1, 3, 4, 5, 7]);
  });

  it('keeps equal keys', () => {
    expect(longestNonDecreasing([2, 2, 1, 2])).toEqual([0, 1, 3]);
    expect(longestNonDecreasing([])).toEqual([]);
  });

  it('returns a non-decreasing run no shorter than any brute-force one', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 }), (keys) => {
      const run = longestNonDecreasing(keys);
      for (let i = 1; i < run.length; i++) {
        expect(run[i]! > run[i - 1]!).toBe(true);
        expect(keys[run[i]!]! >= keys[run[i - 1]!]!).toBe(true);
      }
      let best = 0;
      for (let mask = 0; mask < 1 << keys.length; mask++) {
        const picked = keys.filter((_, i) => mask & (1 << i));
        if (picked.every((k, i) => i === 0 || k >= picked[i - 1]!)) best = Math.max(best, picked.length);
      }
      expect(run.length).toBe(best);
    }), { numRuns: 200 });
  });
});
