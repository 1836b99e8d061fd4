/**
 * Names from the input that are also properties of Object.prototype (`constructor`,
 * `hasOwnProperty`, `__proto__`, `toString`, ...): as a Linux module or a Unikraft function's
 * library, each is a library like any other — imported, written and checked, never dropped, never
 * `function Object() { [native code] }`, never an internal error.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { importLinuxSystemMap } from '../../import/linux-system-map.js';
import { importUnikraftNm } from '../../import/unikraft-nm.js';
import { writePlan } from '../../import/write-plan.js';

const OBJECT_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];
const name = fc.oneof(fc.constantFrom(...OBJECT_NAMES), fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/));
const hex = (n: number) => n.toString(16).padStart(16, '0');

function checked(text: string) {
  const source = loadPlanText('imported.yaml', text);
  const { compiled, diagnostics } = compile(source);
  return { compiled, diagnostics: [...diagnostics, ...(compiled ? check(compiled) : [])] };
}

describe('names that are Object.prototype properties', () => {
  test.prop([fc.uniqueArray(name, { minLength: 1, maxLength: 6 })])('import linux: every module is a library of the plan', (modules) => {
    const lines: string[] = [];
    modules.forEach((m, i) => lines.push(`${hex(0xffffffff81000000 + i * 16)} T f${i}_init`));
    modules.forEach((m, i) => lines.push(`${hex(0xffffffff832a0000 + i * 4)} d __initcall__kmod_${m}__1_${i + 10}_f${i}_init6`));
    lines.push(`${hex(0xffffffff832b0000)} T _etext`);
    const imported = importLinuxSystemMap(lines.join('\n') + '\n', { file: 'System.map' });
    const text = writePlan(imported);
    expect(text).not.toContain('[native code]');
    const { compiled, diagnostics } = checked(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const libs = new Set(compiled!.entries.map((e) => e.lib));
    modules.forEach((m, i) => {
      const entry = compiled!.entries.find((e) => e.fn === `f${i}_init`);
      expect(entry, m).toBeDefined();
      expect([m, `kmod_${m}`]).toContain(entry!.lib);
    });
    expect(libs.size).toBeGreaterThanOrEqual(modules.length);
  });

  test.prop([fc.uniqueArray(name, { minLength: 1, maxLength: 6 })])('import unikraft --nm: libraries are named from the functions, not from Object', (words) => {
    const lines: string[] = [];
    words.forEach((w, i) => lines.push(`${hex(0x100000 + i * 16)} t ${w}_init`));
    words.forEach((w, i) => lines.push(`${hex(0x161020 + i * 16)} r __uk_inittab3${i % 10}_${w}_init_0x0`));
    const imported = importUnikraftNm(lines.join('\n') + '\n', { name: 'names', file: 'nm.txt' });
    const text = writePlan(imported);
    expect(text).not.toContain('[native code]');
    const { compiled, diagnostics } = checked(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const w of words) expect(compiled!.entries.some((e) => e.fn === `${w}_init`), w).toBe(true);
  });
});
