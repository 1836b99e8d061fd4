/**
 * The hand-checked shape of plain entries (compiler/entry-shape.ts): an entry it calls plain is
 * one the schema accepts, and the shape diagnostics with plain entries left out of the schema's
 * walk are those of the schema over the whole document — for entries wrong at each field, for
 * documents read by the plan reader and by js-yaml alike.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ENTRY_LISTS, ENTRY_PATTERNS, isPlainEntry, MAX_CAPABILITY, MAX_LIST, MAX_NOTE, MAX_SYMBOL, withoutPlainEntries } from '../../compiler/entry-shape.js';
import { validatePlanShape, validatePlanShapeWhole } from '../../compiler/validate.js';
import { readPlanYaml } from '../../compiler/yaml-plan.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'));
const defs = schema.$defs;
const HEAD = { bootplan: 1, name: 't', profile: 'unikraft@0.17', target: 'qemu/x86_64' };
const planOf = (entries: unknown[], list = 'initcalls') => ({ ...HEAD, libraries: { a: { [list]: entries } } });
const accepted = (entry: unknown) => validatePlanShapeWhole('p.yaml', planOf([entry]), true).length === 0;

describe('the patterns and limits are the schema\'s', () => {
  it('patterns', () => {
    expect(ENTRY_PATTERNS.symbol.source).toBe(defs.symbol.pattern);
    expect(ENTRY_PATTERNS.capability.source).toBe(defs.capability.pattern);
    expect(ENTRY_PATTERNS.entryRef.source).toBe(defs.entryRef.pattern);
    expect(ENTRY_PATTERNS.duration.source).toBe(defs.duration.anyOf[1].pattern);
    expect(ENTRY_PATTERNS.size.source).toBe(defs.size.anyOf[1].pattern);
    for (const re of Object.values(ENTRY_PATTERNS)) expect(re.flags).toBe('u'); // as ajv compiles them
  });
  it('limits', () => {
    expect(MAX_SYMBOL).toBe(defs.symbol.maxLength);
    expect(MAX_CAPABILITY).toBe(defs.capability.maxLength);
    expect(MAX_NOTE).toBe(defs.note.maxLength);
    expect(MAX_LIST).toBe(defs.capabilities.maxItems);
    expect(MAX_LIST).toBe(defs.entryRefs.maxItems);
    expect(ENTRY_LISTS.map(([key, max]) => [key, max])).toEqual(ENTRY_LISTS.map(([key]) => [key, defs.library.properties[key].maxItems]));
    // Every field of an entry is one the module knows or one it leaves to the validator.
    expect(Object.keys(defs.entry.properties).sort()).toEqual(['after', 'alloc', 'before', 'cost', 'effects', 'evidence', 'fn', 'level', 'note', 'ordinal', 'pinned', 'prio', 'provides', 'returns', 'term', 'uses']);
  });
});

const long = (n: number) => 'a'.repeat(n);
/** Entries wrong (or nearly wrong) at each field, and right ones. */
const CASES: Array<[name: string, entry: unknown, plain: boolean]> = [
  ['fn only', { fn: 'a' }, true],
  ['term only', { term: 't' }, true],
  ['fn and term', { fn: 'a', term: 'b' }, true],
  ['everything plain', { fn: 'a', level: 'lib', prio: 3, uses: ['x', 'mount:/dev', 'dev:fs0'], provides: ['y'], after: ['l.f'], before: ['m.g#2'], cost: '300us', alloc: '4Ki', returns: -12, note: 'n', pinned: true, ordinal: 0, effects: [] }, true],
  ['level a number', { fn: 'a', level: 5 }, true],
  ['prio any string', { fn: 'a', prio: 'after(x.y)' }, true],
  ['prio a token', { fn: 'a', prio: 'CONFIG_X' }, true],
  ['cost a number', { fn: 'a', cost: 0 }, true],
  ['alloc a number', { fn: 'a', alloc: 64 }, true],
  ['fn at its longest', { fn: long(MAX_SYMBOL) }, true],
  ['note at its longest', { fn: 'a', note: long(MAX_NOTE) }, true],
  ['neither fn nor term', { level: 'lib' }, false],
  ['empty', {}, false],
  ['fn a number', { fn: 3 }, false],
  ['fn a bad string', { fn: '3x' }, false],
  ['fn too long', { fn: long(MAX_SYMBOL + 1) }, false],
  ['term an object', { fn: 'a', term: { fn: 'b' } }, false],
  ['term a number', { fn: 'a', term: 1 }, false],
  ['level a float', { fn: 'a', level: 1.5 }, false],
  ['level null', { fn: 'a', level: null }, false],
  ['prio true', { fn: 'a', prio: true }, false],
  ['prio a float', { fn: 'a', prio: 0.5 }, false],
  ['prio null', { fn: 'a', prio: null }, false],
  ['uses a string', { fn: 'a', uses: 'x' }, false],
  ['uses a number in it', { fn: 'a', uses: [1] }, false],
  ['uses a bad name', { fn: 'a', uses: ['bad cap'] }, false],
  ['uses a name too long', { fn: 'a', uses: [long(MAX_CAPABILITY + 1)] }, false],
  ['uses too many', { fn: 'a', uses: Array.from({ length: MAX_LIST + 1 }, (_, i) => `c${i}`) }, false],
  ['provides null', { fn: 'a', provides: null }, false],
  ['provides an object', { fn: 'a', provides: { x: 1 } }, false],
  ['after without a dot', { fn: 'a', after: ['nodot'] }, false],
  ['before a number', { fn: 'a', before: [3] }, false],
  ['cost negative', { fn: 'a', cost: -1 }, false],
  ['cost words', { fn: 'a', cost: '3 parsecs' }, false],
  ['cost a float', { fn: 'a', cost: 1.5 }, false],
  ['alloc negative', { fn: 'a', alloc: -1 }, false],
  ['alloc words', { fn: 'a', alloc: 'lots' }, false],
  ['returns a float', { fn: 'a', returns: 1.5 }, false],
  ['returns a string', { fn: 'a', returns: '0' }, false],
  ['ordinal negative', { fn: 'a', ordinal: -1 }, false],
  ['note a number', { fn: 'a', note: 1 }, false],
  ['note too long', { fn: 'a', note: long(MAX_NOTE + 1) }, false],
  ['pinned a string', { fn: 'a', pinned: 'yes' }, false],
  ['effects, some', { fn: 'a', effects: [{ 'open-stdio': null }] }, false],
  ['evidence', { fn: 'a', evidence: [] }, false],
  ['an unknown key', { fn: 'a', bogus: 1 }, false],
  ['a string', 'a', false],
  ['null', null, false],
  ['a list', [{ fn: 'a' }], false],
];

describe('isPlainEntry', () => {
  for (const [name, entry, plain] of CASES) {
    it(name, () => {
      expect(isPlainEntry(entry)).toBe(plain);
      // Plain is a promise: the schema accepts it (the others are the validator's to judge).
      if (plain) expect(accepted(entry)).toBe(true);
    });
  }
  it('a 10,000-name list is still plain, and accepted', () => {
    const entry = { fn: 'a', uses: Array.from({ length: MAX_LIST }, (_, i) => `c${i}`) };
    expect(isPlainEntry(entry)).toBe(true);
    expect(accepted(entry)).toBe(true);
  });
});

const sameAsWhole = (data: unknown, root = true) => expect(validatePlanShape('p.yaml', data, root)).toEqual(validatePlanShapeWhole('p.yaml', data, root));

describe('validatePlanShape leaves plain entries out and says the same', () => {
  it('every case, alone and among plain entries, in each list, as plan and as fragment', () => {
    for (const [, entry] of CASES) {
      for (const [list] of ENTRY_LISTS) {
        sameAsWhole(planOf([entry], list));
        sameAsWhole(planOf([{ fn: 'p' }, entry, { fn: 'q', uses: ['x'] }], list));
        sameAsWhole({ libraries: { a: { [list]: [entry] }, b: { [list]: [{ fn: 'p' }] } } }, false);
      }
    }
  });
  it('errors outside the entries are reported where they are, with plain entries beside them', () => {
    const data = { ...HEAD, memory: -1, profile: 'Nope!', bogus: 1, libraries: { 'bad name': { initcalls: [{ fn: 'a' }] }, b: { initcalls: [{ fn: 'b' }], main: { uses: 'x' }, extra: 1 }, c: null, d: [] } };
    sameAsWhole(data);
    expect(validatePlanShape('p.yaml', data, true).map((d) => d.source?.path.join('/'))).toEqual(
      validatePlanShapeWhole('p.yaml', data, true).map((d) => d.source?.path.join('/')));
    expect(validatePlanShape('p.yaml', data, true).length).toBeGreaterThan(3);
  });
  it('does not change the document', () => {
    const data = planOf([{ fn: 'a', uses: ['x'] }]);
    const before = JSON.stringify(data);
    const stripped = withoutPlainEntries(data) as { libraries: { a: { initcalls: unknown[] } } };
    expect(stripped.libraries.a.initcalls).toEqual([]);
    expect(JSON.stringify(data)).toBe(before);
    expect(withoutPlainEntries(planOf([{ fn: 'a', bogus: 1 }]))).toEqual(planOf([{ fn: 'a', bogus: 1 }]));
  });
  it('keeps every library, in order, when a plan has hundreds of them (and one named __proto__)', () => {
    const libraries: Record<string, unknown> = JSON.parse('{"__proto__": {"initcalls": [{"fn": "p"}]}}');
    for (let i = 0; i < 900; i++) libraries[`lib${i}`] = { initcalls: i % 100 === 7 ? [{ fn: 'a', bogus: 1 }] : [{ fn: 'a', uses: ['x'] }] };
    const data = { ...HEAD, libraries };
    const stripped = (withoutPlainEntries(data) as { libraries: Record<string, { initcalls: unknown[] }> }).libraries;
    expect(Object.keys(stripped)).toEqual(Object.keys(libraries));
    expect(Object.keys(stripped)[0]).toBe('__proto__');
    expect(Object.prototype.hasOwnProperty.call(stripped, '__proto__')).toBe(true);
    expect(stripped['__proto__']!.initcalls).toEqual([]);
    expect(stripped.lib7).toBe(libraries.lib7);
    expect(stripped.lib8!.initcalls).toEqual([]);
    sameAsWhole(data);
  });

  // Field values, right and wrong, for entries made at random.
  const value = fc.oneof(
    fc.constantFrom('a', 'lib', '3x', 'x y', 'mount:/', 'l.f', 'l.f#2', '300us', '4Ki', '', 'after(a.b)', long(513), 'é', '\ud800'),
    fc.constantFrom(0, 1, -1, 1.5, -0, 2 ** 53, Infinity, NaN, true, false, null),
    fc.constantFrom([], ['x'], ['x', 'bad cap'], [1], ['l.f'], [{}], {}, { fn: 'b' }, [{ 'open-stdio': null }]),
  );
  const key = fc.constantFrom('fn', 'term', 'level', 'prio', 'uses', 'provides', 'after', 'before', 'cost', 'alloc', 'returns', 'ordinal', 'note', 'pinned', 'effects', 'evidence', 'bogus');
  const entry = fc.dictionary(key, value, { maxKeys: 6 }).map((e) => ({ fn: 'f', ...e }));
  it('entries made at random: plain ones are accepted; the diagnostics are the whole schema\'s', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 4 }), fc.constantFrom(...ENTRY_LISTS.map(([k]) => k)), (entries, list) => {
      for (const e of entries) if (isPlainEntry(e)) expect(accepted(e)).toBe(true);
      sameAsWhole(planOf(entries, list));
    }), { numRuns: 300 });
  });
});

describe('documents read by the plan reader and by js-yaml', () => {
  const TEXTS = [
    // flow entries, one bad field each
    'libraries:\n  a:\n    initcalls:\n      - { fn: a, level: lib, prio: 3, uses: [x, y], provides: [z] }\n      - { fn: b, prio: yes }\n      - { fn: c, uses: [1, 2] }\n      - { fn: d, cost: 1.5 }\n      - { fn: "3x" }\n',
    // quoted keys and values, comments
    'libraries:\n  a:  # a library\n    ctors:\n      - { fn: \'a\', prio: "2" }   # quoted\n      - { fn: b, uses: ["x", \'y z\'] }\n      - "fn": c\n        \'uses\': [x]\n',
    // block style entries, one with a bad type
    'libraries:\n  a:\n    initcalls:\n      - fn: a\n        level: lib\n        uses: [x]\n      - fn: b\n        level: [lib]\n        prio: null\n',
    // anchors and aliases (js-yaml reads these)
    'libraries:\n  a:\n    initcalls:\n      - &e { fn: a, uses: [x] }\n      - { fn: b, uses: &u [y] }\n      - { fn: c, uses: *u }\n',
    // a list at the top level of a library in the wrong type, an unknown key, null library
    'libraries:\n  a:\n    initcalls: { fn: a }\n  b:\n    ctors:\n      - { fn: a, bogus: 1 }\n  c:\n',
    // numbers the reader reads without a slice, and near-numbers
    'libraries:\n  a:\n    initcalls:\n      - { fn: a, prio: 0, level: 1, returns: 123456789012345, cost: 007 }\n      - { fn: b, prio: 1234567890123456, returns: 0x1F, ordinal: 1e3 }\n',
  ];
  const head = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
  for (const [i, body] of TEXTS.entries()) {
    it(`text ${i + 1}`, () => {
      const text = head + body;
      const slow = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
      const quick = readPlanYaml(text);
      const whole = validatePlanShapeWhole('p.yaml', slow, true);
      expect(validatePlanShape('p.yaml', slow, true)).toEqual(whole);
      if (quick !== undefined) expect(validatePlanShape('p.yaml', quick, true)).toEqual(whole);
      if (i !== 3) expect(quick).not.toBeUndefined(); // all but the aliases are the reader's
    });
  }
});
