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
