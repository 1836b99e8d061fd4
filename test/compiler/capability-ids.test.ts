import { describe, expect, it } from 'vitest';
import { capabilityIds } from '../../compiler/capability-ids.js';
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

  it('marks the names that have a `:`, whoever provides or uses them (and the extra ones)', () => {
    const ids = capabilityIds([step(['boot', 'dev:fs0'])], [entry(['mount:/', 'a'], ['b:', 'a']), entry([], [], ['initrd:/x', 'c'])], ['init', 'fd:stdio']);
    expect(ids.names.filter((_, c) => ids.namespaced[c] === 1)).toEqual(['dev:fs0', 'mount:/', 'b:', 'initrd:/x', 'fd:stdio']);
    expect(ids.namespaced.length).toBe(ids.names.length);
  });

  it('gives one id to equal names that are other string objects, and tells apart names that are not equal', () => {
    // Equal hashes are told apart by the strings: many near-equal names, each written twice.
    const names = Array.from({ length: 3000 }, (_, i) => `lib${i % 7}.c${i}`);
    const copies = names.map((n) => `${n}!`.slice(0, -1));
    const ids = capabilityIds([], [entry(names, copies)]);
    expect(ids.names).toEqual(names);
    expect([...ids.caps]).toEqual([...names.keys(), ...names.keys()]);
  });

  it('numbers long names (their characters outgrow the buffer sized for short ones) as it numbers short ones', () => {
    const names = Array.from({ length: 300 }, (_, i) => `${'x'.repeat(40 + (i % 9))}.c${i % 150}`);
    const ids = capabilityIds([], [entry(names, [...names].reverse())]);
    const first = [...new Set(names)];
    expect(ids.names).toEqual(first);
    expect([...ids.caps]).toEqual([...names, ...[...names].reverse()].map((n) => first.indexOf(n)));
  });

  it('numbers names beyond Latin-1 as it numbers the others (compared as strings)', () => {
    const ids = capabilityIds([], [entry(['dev:\u{1F600}', 'café'], ['caf\u0113', 'café']), entry(['x'], [`${'dev:\u{1F600}!'}`.slice(0, -1)])]);
    expect(ids.names).toEqual(['dev:\u{1F600}', 'café', 'caf\u0113', 'x']);
    expect([...ids.caps]).toEqual([0, 1, 2, 1, 3, 0]);
    expect(ids.names.filter((_, c) => ids.namespaced[c] === 1)).toEqual(['dev:\u{1F600}']);
  });

  it('marks what an entry or a term function uses, not what is only provided', () => {
    const ids = capabilityIds([step(['boot'])], [entry(['a', 'c'], ['b']), entry([], [], ['c'])], ['init']);
    expect(ids.names.filter((_, c) => ids.used[c] === 1)).toEqual(['c', 'b']);
  });
});
