/**
 * The shape diagnostics for entries the schema refuses, pinned before the validators were generated
 * to stop an anyOf at its first valid branch (scripts/gen-validators.mjs): which messages, at which
 * path, in which order. The schema descriptions after 'is not valid:' are not repeated here.
 */
import { describe, expect, it } from 'vitest';
import { validatePlanShape } from '../../compiler/validate.js';

const HEAD = { bootplan: 1, name: 't', profile: 'unikraft@0.17', target: 'qemu/x86_64' };
const lib = (entries: unknown[], kind = 'initcalls') => ({ ...HEAD, libraries: { a: { [kind]: entries } } });
const CASES: Record<string, unknown> = {
  'neither fn nor term': lib([{}]),
  'neither, with other keys': lib([{ level: 'lib', prio: 3 }]),
  'neither, with a bad prio': lib([{ prio: true }]),
  'neither, with an unknown key': lib([{ bogus: 1 }]),
  'neither, in ctors': lib([{ prio: 1 }], 'ctors'),
  'neither, with a bad nested term': lib([{ uses: 'x' }]),
  'both fn and term': lib([{ fn: 'a', term: 'b' }]),
  'term only': lib([{ term: 't' }]),
  'fn not a symbol': lib([{ fn: 3 }]),
  'fn a bad string': lib([{ fn: '3x' }]),
  'prio boolean': lib([{ fn: 'a', prio: true }]),
  'prio float': lib([{ fn: 'a', prio: 1.5 }]),
  'prio object': lib([{ fn: 'a', prio: {} }]),
  'cost words': lib([{ fn: 'a', cost: 'fast' }]),
  'cost negative': lib([{ fn: 'a', cost: -1 }]),
  'alloc words': lib([{ fn: 'a', alloc: 'lots' }]),
  'term object without fn': lib([{ fn: 'a', term: { uses: ['x'] } }]),
  'term object with unknown key': lib([{ fn: 'a', term: { fn: 'b', bogus: 1 } }]),
  'term a number': lib([{ fn: 'a', term: 5 }]),
  'term a bad symbol': lib([{ fn: 'a', term: '1x' }]),
  'entry a string': lib(['a']),
  'entry null': lib([null]),
  'two bad entries': lib([{}, { fn: 'b', prio: 'x' }]),
  'memory negative': { ...HEAD, memory: -1, libraries: {} },
  'profile bad': { ...HEAD, profile: 'Nope!', libraries: {} },
  'main without fn': { ...HEAD, libraries: { a: { main: { uses: ['x'] } } } },
};

/** What a diagnostic says, where: the message up to a schema description. */
const said = (data: unknown) => validatePlanShape('p.yaml', data, true).map((d) => [d.code, d.message.split(': ')[0], (d.source?.path ?? []).join('/')]);

const EXPECTED: Record<string, string[][]> = {
  'neither fn nor term': [['schema','libraries.a.initcalls[0] is not valid','libraries/a/initcalls/0']],
  'neither, with other keys': [['schema','libraries.a.initcalls[0] is not valid','libraries/a/initcalls/0']],
  'neither, with a bad prio': [['schema','libraries.a.initcalls[0] is missing the required key "fn"','libraries/a/initcalls/0'],['schema','libraries.a.initcalls[0] is missing the required key "term"','libraries/a/initcalls/0'],['schema','libraries.a.initcalls[0].prio is not valid','libraries/a/initcalls/0/prio']],
  'neither, with an unknown key': [['schema','libraries.a.initcalls[0] is not valid','libraries/a/initcalls/0']],
  'neither, in ctors': [['schema','libraries.a.ctors[0] is not valid','libraries/a/ctors/0']],
  'neither, with a bad nested term': [['schema','libraries.a.initcalls[0] is missing the required key "fn"','libraries/a/initcalls/0'],['schema','libraries.a.initcalls[0] is missing the required key "term"','libraries/a/initcalls/0'],['schema','libraries.a.initcalls[0].uses must be array','libraries/a/initcalls/0/uses']],
  'both fn and term': [],
  'term only': [],
  'fn not a symbol': [['schema','libraries.a.initcalls[0].fn must be string (A C function name)','libraries/a/initcalls/0/fn']],
  'fn a bad string': [['schema','libraries.a.initcalls[0].fn must match pattern "^[A-Za-z_][A-Za-z0-9_.$]*$" (A C function name)','libraries/a/initcalls/0/fn']],
  'prio boolean': [['schema','libraries.a.initcalls[0].prio is not valid','libraries/a/initcalls/0/prio']],
  'prio float': [['schema','libraries.a.initcalls[0].prio is not valid','libraries/a/initcalls/0/prio']],
  'prio object': [['schema','libraries.a.initcalls[0].prio is not valid','libraries/a/initcalls/0/prio']],
  'cost words': [['schema','libraries.a.initcalls[0].cost is not valid','libraries/a/initcalls/0/cost']],
  'cost negative': [['schema','libraries.a.initcalls[0].cost is not valid','libraries/a/initcalls/0/cost']],
  'alloc words': [['schema','libraries.a.initcalls[0].alloc is not valid','libraries/a/initcalls/0/alloc']],
  'term object without fn': [['schema','libraries.a.initcalls[0].term is not valid','libraries/a/initcalls/0/term']],
  'term object with unknown key': [['schema','libraries.a.initcalls[0].term is not valid','libraries/a/initcalls/0/term']],
  'term a number': [['schema','libraries.a.initcalls[0].term is not valid','libraries/a/initcalls/0/term']],
  'term a bad symbol': [['schema','libraries.a.initcalls[0].term is not valid','libraries/a/initcalls/0/term']],
  'entry a string': [['schema','libraries.a.initcalls[0] must be object (One registration)','libraries/a/initcalls/0']],
  'entry null': [['schema','libraries.a.initcalls[0] must be object (One registration)','libraries/a/initcalls/0']],
  'two bad entries': [['schema','libraries.a.initcalls[0] is not valid','libraries/a/initcalls/0']],
  'memory negative': [['schema','memory is not valid','memory']],
  'profile bad': [['schema','profile is not valid','profile']],
  'main without fn': [],
};

describe('shape diagnostics for entries', () => {
  for (const [name, data] of Object.entries(CASES)) {
    it(name, () => {
      expect(said(data)).toEqual(EXPECTED[name]);
    });
  }
});
