import { describe, expect, it } from 'vitest';
import { LONGEST_NAME, suggest } from '../../compiler/suggest.js';

describe('suggest', () => {
  it('finds a typo', () => {
    expect(suggest('rootsf', ['early', 'rootfs', 'late'])).toBe('rootfs');
    expect(suggest('lib', ['early', 'plat', 'lib'])).toBe('lib');
  });

  it('gives no guess when no candidate is close', () => {
    expect(suggest('zzzzzz', ['early', 'rootfs'])).toBeUndefined();
  });

  it('skips candidates whose length alone is past the limit, and words no name is as long as', () => {
    expect(suggest('ab', ['abcdefgh'])).toBeUndefined();
    expect(suggest('r'.repeat(LONGEST_NAME + 1), ['r'.repeat(LONGEST_NAME)])).toBeUndefined();
    // A 10 MB value must not be compared letter by letter with every name (it took 42 s).
    const started = process.hrtime.bigint();
    expect(suggest('x'.repeat(10_000_000), ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'])).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });
});
