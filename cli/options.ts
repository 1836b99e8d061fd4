/** Option parsers shared by commands; bad values are usage errors (exit 2). */
import { UsageError } from './io.js';

export function maxBytesOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--max-bytes must be a positive integer, not "${value}"`);
  return n;
}

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, not "${value}"`);
    return n;
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`${name} must be a whole number (0 or more), not "${value}"`);
    return n;
  };
}

/** `--max-findings`: a positive whole number, or `all` (Infinity). */
export function findingsLimit(value: string): number {
  if (value.trim() === 'all') return Infinity;
  const n = nonNegativeInt('--max-findings')(value);
  if (n === 0) throw new UsageError('--max-findings must be 1 or more, or `all`');
  return n;
}

/** `--max-shown`: a whole number, or `all` (Infinity). */
export function shownLimit(value: string): number {
  if (value.trim() === 'all') return Infinity;
  return nonNegativeInt('--max-shown')(value);
}
