/** Deterministic stand-ins for what a real image would print: symbol sizes and addresses. */

/** FNV-1a, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A kallsyms-like function size for `fn` (what Linux prints after `/`). */
export function symbolSize(fn: string): number {
  return 0x10 + (hash32(fn) % 0x400);
}

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** `[    0.110603]`: seconds right-aligned in 5, microseconds in 6, from virtual nanoseconds. */
export function timestamp(ns: number): string {
  const us = Math.floor(ns / 1000);
  const secs = String(Math.floor(us / 1e6));
  const frac = String(us % 1e6);
  return `[${secs.length < 5 ? ' '.repeat(5 - secs.length) + secs : secs}.${'000000'.slice(frac.length)}${frac}]`;
}
