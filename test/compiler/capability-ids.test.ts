import { describe, expect, it } from 'vitest';
import { capabilityIds, NameIndex } from '../../compiler/capability-ids.js';
import type { CoreStep, Entry } from '../../compiler/types.js';

const step = (provides: string[]) => ({ provides }) as unknown as CoreStep;
const entry = (provides: string[], uses: string[], termUses?: string[]) => ({ provides, uses, term: termUses ? { uses: termUses } : null }) as unknown as Entry;

describe('capabilityIds', () => {
  it('numbers capabilities in the order first met and slices each item into provides, uses, term uses', () => {
    const ids = capabilityIds([step(['boot'])], [entry(['a'], ['boot', 'b'], ['a']), entry(['b', 'a'], [])], ['init', 'boot']);
    expect(ids.names).toEqual(['boot', 'a', 'b', 'init']);
    expect([...ids.ids]).toEqual([['boot', 0], ['a', 1], ['b', 2], ['init', 3]]);
    const slice = (item: number, part: number) => [...ids.caps.subarray(ids.start[3 * item + part]!, ids.start[3 * item + part + 1]!)].map((c) => ids.names[c]);
    expect([0, 1, 2].map((part) => slice(0, part))).toEqual([['boot'], [], []]);
    expect([0, 1, 2].map((part) => slice(1, part))).toEqual([['a'], ['boot', 'b'], ['a']]);
    expect([0, 1, 2].map((part) => slice(2, part))).toEqual([['b', 'a'], [], []]);
  });

  it('marks what an entry or a term function uses, not what is only provided', () => {
    const ids = capabilityIds([step(['boot'])], [entry(['a', 'c'], ['b']), entry([], [], ['c'])], ['init']);
    expect(ids.names.filter((_, c) => ids.used[c] === 1)).toEqual(['c', 'b']);
  });
});

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
