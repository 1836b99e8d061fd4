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

/** What addSpans is given for `names`: their hashes, their code units in one buffer, where each starts. */
function spans(names: string[]): { hashes: Int32Array; chars: Uint8Array; starts: Int32Array } {
  const hashes = Int32Array.from(names, hashOf);
  const starts = new Int32Array(names.length + 1);
  const units: number[] = [];
  names.forEach((name, k) => {
    for (let i = 0; i < name.length; i++) units.push(name.charCodeAt(i));
    starts[k + 1] = units.length;
  });
  return { hashes, chars: Uint8Array.from(units), starts };
}

/** Ids numbered in the order first met, as a Map gives them. */
function mapIds(names: string[]): number[] {
  const ids = new Map<string, number>();
  return names.map((name) => {
    if (!ids.has(name)) ids.set(name, ids.size);
    return ids.get(name)!;
  });
}

describe('NameIndex.addSpans', () => {
  it('numbers names as add does, telling apart by their characters names of one length and hash bucket', () => {
    // Near-equal names of one length (one character differs, in every place), each written twice.
    const base: string[] = [];
    for (let i = 0; i < 2000; i++) base.push(`lib${i % 13}.c${String(i).padStart(4, '0')}`, `lib${i % 13}.d${String(i).padStart(4, '0')}`);
    const names = [...base, ...base.map((n) => `${n}!`.slice(0, -1)).reverse()];
    const index = new NameIndex(names.length, 8);
    const ids = new Int32Array(names.length);
    const { hashes, chars, starts } = spans(names);
    index.addSpans(names, hashes, chars, starts, names.length, ids);
    expect([...ids]).toEqual(mapIds(names));
    expect(index.names).toEqual(base);
    // Grown from a table for 8 names, it still finds every one by its string.
    base.forEach((name, i) => expect(index.get(name)).toBe(i));
    expect(index.get('lib0.c0000x')).toBeUndefined();
  });

  it('tells apart by their characters names whose hashes and lengths are equal', () => {
    // One hash for every name: each probe meets every name before it, of every length.
    const names = ['abc', 'abd', 'xbc', 'abc', 'ab', 'abd', 'ba', 'ab', '', 'xbc', ''];
    const index = new NameIndex(names.length, 2);
    const ids = new Int32Array(names.length);
    const { chars, starts } = spans(names);
    index.addSpans(names, new Int32Array(names.length), chars, starts, names.length, ids);
    expect([...ids]).toEqual(mapIds(names));
  });

  it('finds the names added before by add (comparing strings, another buffer), and adds to them', () => {
    const index = new NameIndex(10, 2);
    expect([index.add('boot'), index.add('alloc')]).toEqual([0, 1]);
    const names = ['alloc', 'vfs', 'boot', 'vfs', ''];
    const ids = new Int32Array(names.length);
    const { hashes, chars, starts } = spans(names);
    index.addSpans(names, hashes, chars, starts, names.length, ids);
    expect([...ids]).toEqual([1, 2, 0, 2, 3]);
    expect(index.add('vfs')).toBe(2);
    // A second call with a buffer of its own: the first call's characters are not read again.
    const more = ['', 'vfs', 'net'];
    const again = new Int32Array(more.length);
    const second = spans(more);
    index.addSpans(more, second.hashes, second.chars, second.starts, more.length, again);
    expect([...again]).toEqual([3, 2, 4]);
  });

  it('gives the ids a Map would, for any list of Latin-1 names', () => {
    const name = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'ba', ''), fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 6 }));
    fc.assert(fc.property(fc.array(name, { maxLength: 80 }), fc.integer({ min: 1, max: 40 }), (names, expected) => {
      const index = new NameIndex(names.length, expected);
      const ids = new Int32Array(names.length);
      const { hashes, chars, starts } = spans(names);
      index.addSpans(names, hashes, chars, starts, names.length, ids);
      expect([...ids]).toEqual(mapIds(names));
    }), { numRuns: 300 });
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
