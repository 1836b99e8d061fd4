/** `measure`: sizes and durations read exactly from their digits, with why a value is not countable. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure, parseSize } from '../../compiler/units.js';

describe('measure', () => {
  it('reads whole values exactly, where floating point would not', () => {
    expect(measure('64Mi', 'size')).toEqual({ value: 64 * 1024 * 1024 });
    expect(measure('1.5Ki', 'size')).toEqual({ value: 1536 });
    expect(measure('0.7ms', 'duration')).toEqual({ value: 700_000 });
    expect(measure('300us', 'duration')).toEqual({ value: 300_000 });
    expect(measure(4096, 'size')).toEqual({ value: 4096 });
    expect(measure(`${Number.MAX_SAFE_INTEGER}`, 'size')).toEqual({ value: Number.MAX_SAFE_INTEGER });
  });

  it('says why a value is not a whole count, or too large to count exactly', () => {
    expect(measure('0.1Ki', 'size')).toEqual({ problem: 'is not a whole number of bytes' });
    expect(measure('1.5ns', 'duration')).toEqual({ problem: 'is not a whole number of nanoseconds' });
    expect(measure('8589934592Gi', 'size')).toMatchObject({ problem: expect.stringContaining('more bytes than bootplan counts exactly') });
    expect(measure(2 ** 60, 'size')).toMatchObject({ problem: expect.stringContaining('more bytes') });
    expect(measure(`${'9'.repeat(100_000)}s`, 'duration')).toMatchObject({ problem: expect.stringContaining('more nanoseconds') });
    expect(measure('12 parsecs', 'duration')).toBeNull();
    expect(measure(-1, 'size')).toBeNull();
  });

  it('agrees with parseSize wherever the value is a safe whole number of bytes', () => {
    fc.assert(fc.property(fc.nat({ max: 2 ** 40 }), fc.constantFrom('', 'B', 'K', 'Ki', 'M', 'Mi'), (n, unit) => {
      const r = measure(`${n}${unit}`, 'size');
      if (r !== null && 'value' in r) expect(r.value).toBe(parseSize(`${n}${unit}`));
    }));
  });
});
