import { describe, expect, it } from 'vitest';
import { compile, loadPlanText } from '../../../compiler/index.js';
import { emitC, EmitError, GENERATED_MARK, macroName } from '../../../compiler/emit/c.js';

function compiled(text: string) {
  const r = compile(loadPlanText('/plan.yaml', text));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.compiled!;
}

const OPTIONS = { planLabel: 'plan.yaml', version: '9.9.9' };

describe('emitC', () => {
  it('names entries as the issue spells them', () => {
    expect(macroName('posix-fdtab.init_posix_fdtab')).toBe('POSIX_FDTAB_INIT_POSIX_FDTAB');
    expect(macroName('a.b#2')).toBe('A_B_2');
  });

  it('unikraft 0.13: two-argument initcall macros and int (void) functions (no term functions)', () => {
    const c = compiled('bootplan: 1\nname: old\nprofile: unikraft@0.13\ntarget: qemu/x86_64\nlibraries:\n  vfscore:\n    initcalls:\n      - { fn: vfscore_rootfs, level: rootfs, prio: 4 }\n');
    const [file] = emitC(c, OPTIONS);
    expect(file!.name).toBe('vfscore.h');
    expect(file!.text.startsWith(`${GENERATED_MARK} 9.9.9 from plan "old" (plan.yaml), profile unikraft@0.13.`)).toBe(true);
    expect(file!.text).toContain('#define BOOTPLAN_REGISTER_VFSCORE_VFSCORE_ROOTFS() uk_rootfs_initcall_prio(vfscore_rootfs, BOOTPLAN_PRIO_VFSCORE_VFSCORE_ROOTFS)');
    expect(file!.text).toContain('int vfscore_rootfs(void);');
  });

  it('default and symbolic priorities come out as numbers; main gets no header', () => {
    const c = compiled('bootplan: 1\nname: p\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n      - { fn: a_late, level: lib, prio: \'before(a.a_init)\' }\n  app:\n    main: {}\n');
    const files = emitC(c, OPTIONS);
    expect(files.map((f) => f.name)).toEqual(['a.h']);
    expect(files[0]!.text).toContain('#define BOOTPLAN_PRIO_A_A_INIT 9\n');
    expect(files[0]!.text).toContain('#define BOOTPLAN_PRIO_A_A_LATE 8\n');
  });

  it('refuses function names that are not C identifiers, and names that collide in C', () => {
    const bad = compiled('bootplan: 1\nname: p\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n    ctors:\n      - { fn: a.b, prio: 1 }\n');
    expect(() => emitC(bad, OPTIONS)).toThrow(EmitError);
    const clash = compiled('bootplan: 1\nname: p\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a-b:\n    ctors:\n      - { fn: c, prio: 1 }\n  a_b:\n    ctors:\n      - { fn: c, prio: 2 }\n');
    expect(() => emitC(clash, OPTIONS)).toThrow(/both become BOOTPLAN_PRIO_A_B_C/);
  });

  it('the same plan gives the same bytes', () => {
    const text = 'bootplan: 1\nname: p\nprofile: zephyr@3\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: POST_KERNEL, prio: 3 }\n';
    expect(emitC(compiled(text), OPTIONS)).toEqual(emitC(compiled(text), OPTIONS));
  });
});
