import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashEnd, hashFrom, hashOf, HASH_START, NameIndex, NameMap } from '../../compiler/name-index.js';

describe('NameIndex', () => {
  it('numbers names in the order first added, finds each, and nothing it was not given', () => {
    // Names that differ in one character, in its place, or only in length: the probes must tell
    // them apart by comparing the strings, not by the hash alone.
    const names: string[] = [];
    for (let i = 0; i < 5000; i++) names.push(`lib${i % 37}.c${i}`, `lib${i % 37}.c${i}x`, `x${i}`);
    const index = new NameIndex(names.length + 10);
    names.forEach((name, i) => expect(index.add(name)).toBe(i));
    // Added again (as other string objects), each keeps its id.
    names.forEach((name, i) => expect(index.add(`${name}`.slice(0))).toBe(i));
    expect(index.size).toBe(names.length);
    expect(index.names).toEqual(names);
    names.forEach((name, i) => expect(index.get(name)).toBe(i));
    for (const absent of ['', 'lib0.c', 'x', 'lib0.c0xx', 'x5000', 'lib1.c0']) {
      expect(index.get(absent)).toBeUndefined();
      expect(index.has(absent)).toBe(false);
    }
    expect([...index].slice(0, 2)).toEqual([['lib0.c0', 0], ['lib0.c0x', 1]]);
  });

  it('holds the empty name and names beyond ASCII, and refuses more names than it was sized for', () => {
    const index = new NameIndex(3);
    expect([index.add(''), index.add('é'), index.add('\u{1F600}'), index.add('')]).toEqual([0, 1, 2, 0]);
    expect(index.get('e')).toBeUndefined();
    expect(() => index.add('one more')).toThrow(RangeError);
    expect(index.get('one more')).toBeUndefined();
  });
});

describe('hashFrom', () => {
  it('hashes a name in parts as hashOf hashes it whole', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
      expect(hashEnd(hashFrom(hashFrom(HASH_START, a), b))).toBe(hashOf(a + b));
    }), { numRuns: 300 });
  });

  it('lets addHashed find a name added in parts, and add find one added whole', () => {
    const index = new NameIndex(4);
    const prefix = hashFrom(HASH_START, 'lib.');
    const id = index.addHashed('lib.' + 'init_function', hashEnd(hashFrom(prefix, 'init_function')));
    expect(index.get('lib.init_function')).toBe(id);
    expect(index.add('lib.init_function')).toBe(id);
    expect(index.addHashed('lib.init_other', hashOf('lib.init_other'))).toBe(id + 1);
  });
});

describe('NameMap', () => {
  it('answers get, has, keys and size as a Map filled in the same order would', () => {
    const index = new NameIndex(4);
    const values: number[] = [];
    const map = new Map<string, number>();
    for (const [name, value] of [['b', 1], ['a', 2], ['c', 3]] as const) {
      values[index.add(name)] = value;
      map.set(name, value);
    }
    const names = new NameMap(index, values);
    expect(names.size).toBe(map.size);
    expect([...names.keys()]).toEqual([...map.keys()]);
    for (const name of ['a', 'b', 'c', 'd', '']) {
      expect(names.get(name)).toBe(map.get(name));
      expect(names.has(name)).toBe(map.has(name));
    }
  });
});
