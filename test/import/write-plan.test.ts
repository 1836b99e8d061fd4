import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ImportedPlan } from '../../import/plan-object.js';
import { writePlan } from '../../import/write-plan.js';

const imported: ImportedPlan = {
  plan: {
    bootplan: 1,
    name: 'demo',
    profile: 'unikraft@0.17',
    target: 'qemu/x86_64',
    libraries: {
      vfscore: { ctors: [{ fn: 'vfscore_init', prio: 1 }], initcalls: [{ fn: 'vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', note: 'lib/vfscore/automount.c:12; if CONFIG_A: yes, really' }] },
      'vfscore-2': { initcalls: [{ term: 'late_term', level: 'rootfs', prio: 9 }] },
      app: { main: {} },
    },
  },
  header: ['Imported from somewhere.', 'Second line.'],
  libraryComments: { 'vfscore-2': ['vfscore again'] },
  diagnostics: [],
};

describe('writePlan', () => {
  const text = writePlan(imported);

  it('puts the header and library comments where a reader looks for them', () => {
    expect(text.split('\n').slice(0, 4)).toEqual(['# Imported from somewhere.', '# Second line.', '', 'bootplan: 1']);
    expect(text).toMatch(/\n {2}# vfscore again\n {2}vfscore-2:\n/);
  });

  it('writes one entry per line in flow style, quoting what needs quoting', () => {
    expect(text).toContain('      - { fn: vfscore_init, prio: 1 }\n');
    expect(text).toContain('    main: {}\n');
    expect(parse(text)).toEqual(imported.plan);
  });

  it('is deterministic', () => {
    expect(writePlan(imported)).toBe(text);
  });
});
