import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addValue, bucketOf, bucketRange, emptyHistogram, histogramFromJson, histogramToJson, mergeInto, quantile } from '../../../traces/analyze/histogram.js';

const RUNS = Number(process.env.BOOTPLAN_PROP_RUNS ?? 200);
const values = fc.array(fc.integer({ min: 0, max: 60_000_000_000 }), { minLength: 1, maxLength: 200 });

function histogramOf(list: number[], file = (i: number) => `f${String(i).padStart(4, '0')}`) {
  const h = emptyHistogram();
  list.forEach((v, i) => addValue(h, v, file(i)));
  return h;
}

describe('log-linear buckets', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 50 })], { numRuns: RUNS })('a value lies in its bucket, within 1/16 of the bucket\'s low end', (v) => {
    const [low, high] = bucketRange(bucketOf(v));
    expect(low).toBeLessThanOrEqual(v);
    expect(v).toBeLessThan(high);
    expect(high - low).toBeLessThanOrEqual(Math.max(1, low / 16));
  });

  it('numbers buckets in value order without gaps', () => {
    for (let b = 0; b < 600; b++) expect(bucketRange(b)[1]).toBe(bucketRange(b + 1)[0]);
    expect(bucketOf(15)).toBe(15);
    expect(bucketOf(16)).toBe(16);
    expect(bucketOf(1000)).toBe(bucketOf(1000.4));
  });
});

describe('histograms', () => {
  test.prop([values, fc.double({ min: 0.01, max: 0.99, noNaN: true })], { numRuns: RUNS })('read a quantile within a bucket of the exact one', (list, q) => {
    const h = histogramOf(list);
    const sorted = [...list].sort((a, b) => a - b);
    const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
    const [low, high] = bucketRange(bucketOf(exact));
    const got = quantile(h, q);
    expect(got).toBeGreaterThanOrEqual(Math.min(low, h.min));
    expect(got).toBeLessThanOrEqual(Math.max(high, h.min));
    expect(quantile(h, 1)).toBe(sorted.at(-1));
  });

  test.prop([values, fc.nat()], { numRuns: RUNS })('merge shards into exactly the histogram of all values, in any order', (list, cut) => {
    const at = cut % (list.length + 1);
    const whole = histogramOf(list);
    const a = emptyHistogram();
    const b = emptyHistogram();
    list.forEach((v, i) => addValue(i < at ? a : b, v, `f${String(i).padStart(4, '0')}`));
    const ab = emptyHistogram();
    mergeInto(ab, b);
    mergeInto(ab, a);
    expect(histogramToJson(ab)).toEqual(histogramToJson(whole));
  });

  test.prop([values], { numRuns: RUNS })('round-trip through JSON', (list) => {
    const json = histogramToJson(histogramOf(list));
    expect(histogramToJson(histogramFromJson(JSON.parse(JSON.stringify(json)))!)).toEqual(json);
  });

  it('names the smallest file among those that share the maximum', () => {
    const h = emptyHistogram();
    addValue(h, 5, 'b.log');
    addValue(h, 5, 'a.log');
    addValue(h, 3, 'c.log');
    expect(h).toMatchObject({ max: 5, maxFile: 'a.log', min: 3, count: 3, sum: 13 });
  });

  it('refuses a damaged histogram', () => {
    const json = histogramToJson(histogramOf([1, 2, 3]));
    expect(histogramFromJson({ ...json, count: 4 })).toBeNull();
    expect(histogramFromJson({ ...json, buckets: [[1, -1]] })).toBeNull();
    expect(histogramFromJson('x')).toBeNull();
  });
});
