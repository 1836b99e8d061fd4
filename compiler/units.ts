/** Sizes (`64Ki`, `1Mi`, `512`) and durations (`300us`, `2ms`) as the plan language writes them. */

const SIZE_UNITS: Record<string, number> = {
  '': 1, B: 1, K: 1e3, Ki: 1024, M: 1e6, Mi: 1024 ** 2, G: 1e9, Gi: 1024 ** 3,
};
const TIME_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };

const SIZE_RE = /^\s*(\d+(?:\.\d+)?)\s*(B|Ki|Mi|Gi|K|M|G)?\s*$/;
const TIME_RE = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$/;

/** Bytes, or null when the text is not a size. Numbers are taken as bytes. */
export function parseSize(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = SIZE_RE.exec(value);
  if (!m) return null;
  const bytes = Math.round(Number(m[1]) * SIZE_UNITS[m[2] ?? '']!);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** Nanoseconds, or null when the text is not a duration. Bare numbers are nanoseconds. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const ns = Math.round(Number(m[1]) * TIME_UNITS[m[2]!]!);
  return Number.isSafeInteger(ns) ? ns : null;
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Longest a single entry or step may take: no init function runs for a day. */
export const MAX_COST_NS = 24 * 3600 * 1e9;

/** Longest the costs of a whole plan may add up to: no boot takes a day either. */
export const MAX_TOTAL_COST_NS = MAX_COST_NS;

/** What an entry or a step costs when its plan does not say: 1 µs. */
export const DEFAULT_COST = 1000;

const EXACT_SIZE_UNITS: Record<string, bigint> = { '': 1n, B: 1n, K: 1000n, Ki: 1024n, M: 1000000n, Mi: 1048576n, G: 1000000000n, Gi: 1073741824n };
const EXACT_TIME_UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, ms: 1000000n, s: 1000000000n };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A size or duration as the plan writes it, read exactly (decimal digits, no floating point):
 * the whole number of bytes or nanoseconds, or why it is not one — a fraction of the base unit
 * (`0.1Ki` is 102.4 bytes), or more than can be counted exactly (2^53 − 1).
 */
export function measure(value: unknown, kind: 'size' | 'duration'): { value: number } | { problem: string } | null {
  const unitName = kind === 'size' ? 'byte' : 'nanosecond';
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return null;
    return Number.isSafeInteger(value) ? { value } : { problem: `is more ${unitName}s than bootplan counts exactly (at most ${Number.MAX_SAFE_INTEGER})` };
  }
  if (typeof value !== 'string') return null;
  const m = (kind === 'size' ? SIZE_RE : TIME_RE).exec(value);
  if (!m) return null;
  // A number of a hundred digits is past any bound already; BigInt of megabytes of digits is not free.
  if (m[1]!.length > 64) return { problem: `is more ${unitName}s than bootplan counts exactly (at most ${Number.MAX_SAFE_INTEGER})` };
  const [whole, fraction = ''] = m[1]!.split('.');
  const unit = (kind === 'size' ? EXACT_SIZE_UNITS : EXACT_TIME_UNITS)[m[2] ?? '']!;
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(whole!) * scale + BigInt(fraction === '' ? '0' : fraction)) * unit;
  if (scaled % scale !== 0n) return { problem: `is not a whole number of ${unitName}s` };
  const exact = scaled / scale;
  if (exact > MAX_SAFE) return { problem: `is more ${unitName}s than bootplan counts exactly (at most ${Number.MAX_SAFE_INTEGER})` };
  return { value: Number(exact) };
}
