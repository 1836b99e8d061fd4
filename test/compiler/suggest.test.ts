import { describe, expect, it } from 'vitest';
import { LONGEST_NAME, suggest } from '../../compiler/suggest.js';

describe('suggest', () => {
  it('finds a typo', () => {
    expect(suggest('rootsf', ['early', 'rootfs', 'late'])).toBe('rootfs');
    expect(suggest('lib', ['early', 'plat', 'lib'])).toBe('lib');
  });

  it('finds the one name a word shortens or spells out, prefixes first', () => {
    const levels = ['early', '1', 'plat', '2', 'lib', '3', 'rootfs', '4', 'sys', '5', 'late', '6'];
    expect(suggest('platform', levels)).toBe('plat');
    expect(suggest('library', levels)).toBe('lib');
    expect(suggest('system', levels)).toBe('sys');
    expect(suggest('rootfilesystem', levels)).toBe('rootfs');
    expect(suggest('rtfs', levels)).toBe('rootfs');
    expect(suggest('dev', ['pure', 'core', 'device', 'late'])).toBe('device');
    // A prefix beats a scattered match: `sub` is how `subsys` starts, and only scattered in `sysubs`.
    expect(suggest('sub', ['sysubs', 'subsys'])).toBe('subsys');
    // Iterators are read once, as arrays are.
    expect(suggest('platform', new Set(levels).keys())).toBe('plat');
  });

  it('gives no abbreviation guess when two names fit, or the short side is under 3 letters or a third', () => {
    expect(suggest('posix', ['posix-fdtab.init_posix_fdtab', 'posix-socket.init_sockets'])).toBeUndefined();
    expect(suggest('posix-fdtab', ['posix-fdtab.init_posix_fdtab', 'posix-socket.init_sockets'])).toBe('posix-fdtab.init_posix_fdtab');
    expect(suggest('filesystem', ['fs', 'rootfs'])).toBeUndefined();
    expect(suggest('systemd-networkd', ['sys', 'late'])).toBeUndefined();
    expect(suggest('tsys', ['sys'])).toBe('sys'); // a typo (one letter too many), not an abbreviation
    expect(suggest('xplat', ['plat', 'platform'])).toBe('plat');
    expect(suggest('lpat', ['platform'])).toBeUndefined();
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
    expect(suggest('p'.repeat(10_000_000), ['p'.repeat(5_000_000), 'plat'])).toBeUndefined();
    // Nor a name against 100,000 others, each a near abbreviation of it.
    const many = Array.from({ length: 100_000 }, (_, i) => `lib${i}`);
    expect(suggest(`l${'i'.repeat(LONGEST_NAME - 1)}`, many)).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5_000);
  });
});
