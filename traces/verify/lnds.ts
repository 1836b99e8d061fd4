/**
 * Longest non-decreasing subsequence, O(n log n) (patience sorting with back-pointers). Used by
 * verify to find the fewest trace entries that ran out of the plan's order: everything outside
 * one longest in-order run is out of place, so swapping two calls blames exactly those two.
 */

/** Indices (ascending) of one longest non-decreasing subsequence of `keys`. Deterministic. */
export function longestNonDecreasing(keys: readonly number[]): number[] {
  const n = keys.length;
  if (n === 0) return [];
  // tails[k] = index of the smallest possible tail of a run of length k + 1.
  const tails: number[] = [];
  const previous = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    // First tail whose key is strictly greater (upper bound): equal keys extend a run.
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[tails[mid]!]! <= key) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const run: number[] = new Array(tails.length);
  for (let k = tails.length - 1, i = tails[k]!; k >= 0; k--, i = previous[i]!) run[k] = i;
  return run;
}
