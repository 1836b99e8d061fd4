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
