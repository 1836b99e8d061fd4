import { describe, expect, it } from 'vitest';
import { evaluateConditionals, evaluateExpression, type Known } from '../../import/c-conditions.js';

const config = (values: Record<string, string>) => ({
  lookup: (name: string): Known => (name in values ? { defined: true, body: values[name]! } : name.startsWith('CONFIG_') ? { defined: false } : undefined),
});
const unknownConfig = { lookup: (): Known => undefined };

const AUTOMOUNT = [
  '#if CONFIG_A && CONFIG_B', // 1
  'first();', // 2
  '#elif CONFIG_B', // 3
  'second();', // 4
  '#else', // 5
  'third();', // 6
  '#endif', // 7
  'after();', // 8
].join('\n');

describe('evaluateConditionals', () => {
  it('keeps exactly one branch of #if/#elif/#else under a configuration', () => {
    const r = evaluateConditionals(AUTOMOUNT, 'a.c', config({ CONFIG_B: '1' }));
    const lines = r.text.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[1]!.trim()).toBe('');
    expect(lines[3]).toBe('second();');
    expect(lines[5]!.trim()).toBe('');
    expect(lines[0]!.trim()).toBe('');
    expect(lines[7]).toBe('after();');
    expect(r.conditions.filter((c) => c !== undefined)).toEqual([]);
    expect(r.undecided).toBe(0);
  });

  it('without a configuration keeps every branch as an alternative with its full condition', () => {
    const r = evaluateConditionals(AUTOMOUNT, 'a.c', unknownConfig);
    expect(r.text.split('\n').filter((l) => l.trim() !== '')).toEqual(['first();', 'second();', 'third();', 'after();']);
    expect(r.conditions[1]).toBe('CONFIG_A && CONFIG_B');
    expect(r.conditions[3]).toBe('!(CONFIG_A && CONFIG_B) && CONFIG_B');
    expect(r.conditions[5]).toBe('!(CONFIG_A && CONFIG_B) && !(CONFIG_B)');
    expect(r.conditions[7]).toBeUndefined();
    expect(r.branches[1]).toEqual([{ chain: 'a.c:1', branch: 0 }]);
    expect(r.branches[3]).toEqual([{ chain: 'a.c:1', branch: 1 }]);
    expect(r.branches[5]).toEqual([{ chain: 'a.c:1', branch: 2 }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['IMPORT_UNDECIDED_IF']);
  });

  it('uses the file\'s own defines, include guards and IS_ENABLED', () => {
    const text = ['#ifndef GUARD_H', '#define GUARD_H', '#define LEVEL 3', '#if LEVEL >= 2 && IS_ENABLED(CONFIG_X)', 'yes();', '#endif', '#ifdef GUARD_H', 'guarded();', '#endif', '#endif'].join('\n');
    const r = evaluateConditionals(text, 'g.h', config({ CONFIG_X: '1' }));
    expect(r.text).toContain('yes();');
    expect(r.text).toContain('guarded();');
    expect(r.defines.map((d) => d.name)).toEqual(['GUARD_H', 'LEVEL']);
    const off = evaluateConditionals(text, 'g.h', config({}));
    expect(off.text).not.toContain('yes();');
  });

  it('reports unbalanced directives with their line, never throws', () => {
    const r = evaluateConditionals('#endif\n#if CONFIG_X\nx();\n#else\n#else\n', 'u.c', config({}));
    expect(r.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['IMPORT_UNBALANCED_IF', 1],
      ['IMPORT_UNBALANCED_IF', 5],
      ['IMPORT_UNBALANCED_IF', 2],
    ]);
  });

  it('a huge file of nested #ifs and deep parentheses: bounded, no crash', () => {
    const depth = 20_000;
    const text = `${'#if CONFIG_X\n'.repeat(depth)}x();\n${'#endif\n'.repeat(depth)}#if ${'('.repeat(50_000)}1${')'.repeat(50_000)}\ny();\n#endif\n`;
    const started = performance.now();
    const r = evaluateConditionals(text, 'deep.c', config({ CONFIG_X: '1' }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.text).toContain('x();');
    expect(r.text).toContain('y();');
    expect(r.diagnostics.map((d) => d.code)).toContain('IMPORT_UNBALANCED_IF');
    expect(r.diagnostics.filter((d) => d.code === 'IMPORT_UNBALANCED_IF')).toHaveLength(1);
  });

  it('blanks directives and comments but keeps strings and line numbers', () => {
    const r = evaluateConditionals('/* a\n b */ open("/dev/null");\n#define X \\\n  1\nz();', 'c.c', config({}));
    expect(r.text.split('\n')).toHaveLength(5);
    expect(r.text).toContain('open("/dev/null");');
    expect(r.text.split('\n')[4]).toBe('z();');
    expect(r.text.split('\n')[2]!.trim()).toBe('');
  });
});

describe('evaluateExpression', () => {
  const look = (name: string): Known => (name === 'A' ? { defined: true, body: '(2 + 3)' } : name === 'U' ? undefined : { defined: false });
  it.each([
    ['defined(A) && !defined B', 1],
    ['A * 2 == 10', 1],
    ['0x1f > 30 || U', 1],
    ['U && 0', 0],
    ['1 ? A : U', 5],
    ['A << 1 >= 10', 1],
  ])('%s = %s', (expr, value) => {
    expect(evaluateExpression(expr, look, 0)).toBe(value);
  });
  it.each(['U', 'U || 0', '(1', 'F(1)', '1 +'])('%s is undecided', (expr) => {
    expect(evaluateExpression(expr, look, 0)).toBeUndefined();
  });
});
