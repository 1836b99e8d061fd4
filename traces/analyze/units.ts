/** Durations for people (`1.234 ms`) and for JSON (microseconds, at most three decimals). */

/** Nanoseconds → microseconds, rounded to the nanosecond. */
export function micros(ns: number): number {
  return Math.round(ns) / 1000;
}

/** `850 ns`, `12.3 µs`, `4.56 ms`, `3.091 s`: three or four significant digits. */
export function formatDuration(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${Math.round(ns)} ns`;
  if (abs < 1e6) return `${trim(ns / 1e3)} µs`;
  if (abs < 1e9) return `${trim(ns / 1e6)} ms`;
  return `${(ns / 1e9).toFixed(3)} s`;
}

function trim(value: number): string {
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 1 : abs >= 10 ? 2 : 3);
}
