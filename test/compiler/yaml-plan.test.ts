/**
 * The plan reader's shortcuts (compiler/yaml-plan.ts) on the inputs nearest them: known keys and
 * words that almost are, decimal integers read without a slice and numbers that are not decimal,
 * and plain scalars holding the characters the scanning loops stop at. Each text is read as
 * js-yaml reads it, or left to js-yaml.
 */
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { knownKey, readPlanYaml } from '../../compiler/yaml-plan.js';

const load = (text: string) => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });

/** Read by the reader, exactly as js-yaml reads it (types and -0 included). */
function readsAsJsYaml(text: string): void {
  const mine = readPlanYaml(text);
  expect(mine, text).not.toBeUndefined();
  expect(mine).toStrictEqual(load(text));
  expect(JSON.stringify(mine)).toBe(JSON.stringify(load(text)));
}

describe('known keys', () => {
  it('are the same string the key spells, and nothing else', () => {
    const text = 'xx fn uses provides fnx FN f uses2 level init_array';
    const at = (word: string) => text.indexOf(` ${word}`) + 1;
    expect(knownKey(text, at('fn'), at('fn') + 2)).toBe('fn');
    expect(knownKey(text, at('uses'), at('uses') + 4)).toBe('uses');
    expect(knownKey(text, at('provides'), at('provides') + 8)).toBe('provides');
    expect(knownKey(text, at('init_array'), at('init_array') + 10)).toBe('init_array');
    expect(knownKey(text, at('fnx'), at('fnx') + 3)).toBeNull();
    expect(knownKey(text, at('FN'), at('FN') + 2)).toBeNull();
    expect(knownKey(text, at('f'), at('f') + 1)).toBeNull();
    expect(knownKey(text, at('uses2'), at('uses2') + 5)).toBeNull();
    expect(knownKey(text, at('level'), at('level') + 4)).toBeNull(); // 'leve'
  });
  it('in flow and block mappings, beside near misses', () => {
    readsAsJsYaml('a:\n  - { fn: a, fnx: b, FN: c, uses : [x], provides: [y], f: 1, uses2: 2, n: 3, true: 4 }\n');
    readsAsJsYaml('fn: a\nlevel: lib\nlevels: x\nterm: t\nnote: n\nnull: 1\nFalse: 2\n');
    readsAsJsYaml("libraries:\n  a:\n    initcalls:\n      - fn: a\n        'uses': [x]\n        \"prio\": 3\n");
  });
});

describe('numbers', () => {
  it('decimal integers, and what only looks like one', () => {
    readsAsJsYaml('a: [0, 7, 10, 99, 123456789012345, 1234567890123456, 99999999999999999999]\n');
    readsAsJsYaml('a: [007, 0x1F, 0o17, 1_000, 1e3, 1.5, -0, +3, -12, .5, 5.]\n');
    readsAsJsYaml('a: { prio: 0, level: 1, returns: 42, cost: 300us, alloc: 4Ki }\nb: 5\nc: 0\nd: 12 # comment\ne: 3x\n');
    readsAsJsYaml('- 1\n- 23\n- 0\n- 01\n');
  });
});

describe('plain scalars with the characters the loops stop at', () => {
  it('in flow collections', () => {
    readsAsJsYaml('a: [x#y, mount:/dev, a:b, "q", x y, x  y , dev:fs0, a.b-c_d@e+f]\n');
    readsAsJsYaml('a: { k: x#y, l: a:b, m: x y , n: -x }\n');
  });
  it('in block values and keys', () => {
    readsAsJsYaml('a: x#y\nb: x y   # comment\nc: a:b\nd#e: 1\nf g: 2\nmount:/: 3\n');
  });
  it('left to js-yaml where the reader is unsure', () => {
    for (const text of ['a: [x: y]\n', 'a: { k: v\n', 'a: [x, ]\n', 'a: b: c\n', 'a: [x #c]\n', 'a: { k:v }\n']) expect(readPlanYaml(text), text).toBeUndefined();
  });
});
