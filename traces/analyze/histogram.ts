/**
 * Mergeable histograms of durations (integer nanoseconds): log-linear buckets, 16 per power of
 * two (each within 1/16 of its value, so a percentile read from them is within about 3%), exact
 * count, sum, minimum and maximum, and the file that showed the maximum. Two histograms merge by
 * adding counts, so shards of a fleet's logs combine into exactly what one run over all of them
 * gives; ties on the maximum go to the smallest file name, so the order of merging does not matter.
 */

const SUB = 16;
const SUB_BITS = 4;

export interface Histogram {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** The file whose value was the maximum (the outlier to look at). */
  maxFile: string;
  /** Bucket index → count. */
  buckets: Map<number, number>;
}

export function emptyHistogram(): Histogram {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, maxFile: '', buckets: new Map() };
}

/** The bucket of a value: values below 16 ns have their own; above, 16 per power of two. */
export function bucketOf(value: number): number {
  const v = Math.max(0, Math.floor(value));
  if (v < SUB) return v;
  let e = Math.floor(Math.log2(v));
  while (2 ** e > v) e--;
  while (2 ** (e + 1) <= v) e++;
  const sub = Math.floor(v / 2 ** (e - SUB_BITS)) - SUB;
  return SUB + (e - SUB_BITS) * SUB + sub;
}

/** The range `[low, high)` of values a bucket holds. */
export function bucketRange(index: number): [number, number] {
  if (index < SUB) return [index, index + 1];
  const e = Math.floor((index - SUB) / SUB) + SUB_BITS;
  const sub = (index - SUB) % SUB;
  const width = 2 ** (e - SUB_BITS);
  const low = (SUB + sub) * width;
  return [low, low + width];
}

export function addValue(h: Histogram, value: number, file: string): void {
  const v = Math.max(0, Math.round(value));
  h.count++;
  h.sum += v;
  if (v < h.min) h.min = v;
  if (v > h.max || (v === h.max && file < h.maxFile)) {
    h.max = v;
    h.maxFile = file;
  }
  const b = bucketOf(v);
  h.buckets.set(b, (h.buckets.get(b) ?? 0) + 1);
}

/** Adds `from` into `into`. */
export function mergeInto(into: Histogram, from: Histogram): void {
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max || (from.max === into.max && from.maxFile < into.maxFile)) {
    into.max = from.max;
    into.maxFile = from.maxFile;
  }
  for (const [b, n] of from.buckets) into.buckets.set(b, (into.buckets.get(b) ?? 0) + n);
}

/**
 * The value at quantile `q` (0..1): the middle of the bucket holding it, kept inside the exact
 * minimum and maximum. 0 for an empty histogram.
 */
export function quantile(h: Histogram, q: number): number {
  if (h.count === 0) return 0;
  if (q >= 1) return h.max;
  const rank = Math.max(1, Math.ceil(q * h.count));
  let seen = 0;
  for (const b of [...h.buckets.keys()].sort((x, y) => x - y)) {
    seen += h.buckets.get(b)!;
    if (seen >= rank) {
      const [low, high] = bucketRange(b);
      const mid = high - low <= 1 ? low : Math.round((low + high - 1) / 2);
      return Math.min(h.max, Math.max(h.min, mid));
    }
  }
  return h.max;
}

/** The JSON form: integers only, buckets as sorted `[index, count]` pairs. */
export interface HistogramJson {
  count: number;
  sum: number;
  min: number;
  max: number;
  max_file: string;
  p50: number;
  p90: number;
  p99: number;
  buckets: Array<[number, number]>;
}

export function histogramToJson(h: Histogram): HistogramJson {
  return {
    count: h.count, sum: h.sum, min: h.count ? h.min : 0, max: h.count ? h.max : 0, max_file: h.maxFile,
    p50: quantile(h, 0.5), p90: quantile(h, 0.9), p99: quantile(h, 0.99),
    buckets: [...h.buckets].sort((a, b) => a[0] - b[0]),
  };
}

/** Reads the JSON form back; null when it is not one (a wrong or damaged file). */
export function histogramFromJson(value: unknown): Histogram | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const int = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
  if (!int(o.count) || !int(o.sum) || !int(o.min) || !int(o.max) || typeof o.max_file !== 'string' || !Array.isArray(o.buckets)) return null;
  const buckets = new Map<number, number>();
  let total = 0;
  for (const pair of o.buckets) {
    if (!Array.isArray(pair) || pair.length !== 2 || !int(pair[0]) || !int(pair[1]) || buckets.has(pair[0])) return null;
    buckets.set(pair[0], pair[1]);
    total += pair[1];
  }
  if (total !== o.count) return null;
  return { count: o.count, sum: o.sum, min: o.count ? o.min : Infinity, max: o.count ? o.max : -Infinity, maxFile: o.max_file, buckets };
}
