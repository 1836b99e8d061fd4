/**
 * term-order: a term function that needs what an earlier-torn-down provider withdraws, by its own
 * provide or by unmounting a parent folder, with a term-only entry as the fix (with or without a
 * level); ties are races and the right order is quiet. Every witness replays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const BOOT = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched'];
const VFSCORE = '  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n';

async function termOrder(text: string, files: Record<string, string> = {}) {
  const found = await findings(text, { code: 'term-order', files });
  const { compiled, diagnostics } = await checkText(text, files);
  for (const d of diagnostics.filter((x) => x.code === 'term-order')) expect(witnessProblem(compiled!, d.witness!)).toBeNull();
  return found;
}

describe('term-order', () => {
  it('names the term that withdraws a capability first', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, term: { fn: a_term, uses: [x] } }\n  b:\n    initcalls:\n      - { fn: b_init, level: sys, prio: 4, term: b_term, provides: [x] }\n`;
    expect(await termOrder(text)).toEqual([{
      code: 'term-order',
      severity: 'error',
      at: '8:50',
      message: 'term function `a_term` of `a.a_init` (lib 0) uses `x` at teardown, but the term `b_term` of `b.b_init` (sys 4) withdraws it first: terms run in reverse table order',
      hint: 'register a_term as a term-only entry after sys 4 (e.g. `{ term: a_term, level: sys, prio: 9 }`)',
      related: [{ at: '11:9', message: 'b.b_init (sys 4): its term runs first' }],
      subjects: ['a.a_init', 'b.b_init'],
      witness: { order: [...BOOT, 'a.a_init', 'b.b_init', 'core.banner'], expect: { kind: 'term', entry: 'a.a_init', capability: 'x' } },
    }]);
  });

  it('says when the term unmounts a parent of the folder the other term needs', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, term: { fn: a_term, uses: ['mount:/dev'] } }\n${VFSCORE}  devfs:\n    initcalls:\n      - { fn: devfs_automount, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /dev, fs: devfs } }] }\n`;
    expect(await termOrder(text)).toEqual([{
      code: 'term-order',
      severity: 'error',
      at: '8:50',
      message: 'term function `a_term` of `a.a_init` (lib 0) uses `mount:/dev` at teardown, but the term `vfscore_autoumount` of `vfscore.vfscore_automount` (rootfs 4) withdraws it first (it unmounts / and everything beneath): terms run in reverse table order',
      hint: 'register a_term as a term-only entry after rootfs 4 (e.g. `{ term: a_term, level: rootfs, prio: 9 }`)',
      related: [{ at: '11:9', message: 'vfscore.vfscore_automount (rootfs 4): its term runs first' }],
      subjects: ['a.a_init', 'vfscore.vfscore_automount'],
      witness: { order: [...BOOT, 'a.a_init', 'vfscore.vfscore_automount', 'devfs.devfs_automount', 'core.banner'], expect: { kind: 'term', entry: 'a.a_init', capability: 'mount:/dev' } },
    }]);
  });

  it('names every mount the term takes off, and only mounts, in one finding, when it does not provide the capability itself', async () => {
    const fstab = `mounts:\n  - { dev: none, at: /, fs: ramfs }\n  - { dev: none, at: /tmp, fs: ramfs, opts: mkmp }\n`;
    const text = `${HEAD}${fstab}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, term: { fn: a_term, uses: ['mount:/tmp/sub'] } }\n  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: rootfs, prio: 4, provides: [vfs], term: vfscore_autoumount, effects: [{ mount: { from: fstab } }] }\n  sub:\n    initcalls:\n      - { fn: sub_mount, level: rootfs, prio: 5, effects: [{ mount: { dev: none, at: /tmp/sub, fs: ramfs } }] }\n`;
    expect((await termOrder(text)).map((f) => f.message)).toEqual([
      'term function `a_term` of `a.a_init` (lib 0) uses `mount:/tmp/sub` at teardown, but the term `vfscore_autoumount` of `vfscore.vfscore_automount` (rootfs 4) withdraws it first (it unmounts /, /tmp and everything beneath): terms run in reverse table order',
    ]);
  });

  it('leaves the level out of the fix in a table without levels', async () => {
    // A profile of one's own whose constructors have term functions.
    const profile = readFileSync('specs/profiles/unikraft@0.17.yaml', 'utf8')
      .replace('    prio: { min: 0, max: 9, default: 9 }\n    canFail: false\n    terms: false', '    prio: { min: 0, max: 9, default: 9 }\n    canFail: false\n    terms: true');
    const text = `bootplan: 1\nname: t\nprofile: ./ctor-terms.yaml\ntarget: qemu/x86_64\nlibraries:\n  a:\n    ctors:\n      - { fn: a_ctor, prio: 0, term: { fn: a_term, uses: [x] } }\n      - { fn: b_ctor, prio: 5, provides: [x], term: b_term }\n`;
    const [found] = await termOrder(text, { '/virtual/ctor-terms.yaml': profile });
    expect([found!.message, found!.hint]).toEqual([
      'term function `a_term` of `a.a_ctor` (ctor prio 0) uses `x` at teardown, but the term `b_term` of `a.b_ctor` (ctor prio 5) withdraws it first: terms run in reverse table order',
      'register a_term as a term-only entry after ctor prio 5 (e.g. `{ term: a_term, prio: 9 }`)',
    ]);
  });

  it('is quiet when the term that needs it is registered later, and a race at one key', async () => {
    const later = `${HEAD}libraries:\n  posix-fdtab:\n    initcalls:\n      - { fn: init_posix_fdtab, level: lib, prio: 0 }\n      - { term: term_posix_fdtab, level: rootfs, prio: 9, uses: ['mount:/'] }\n${VFSCORE}`;
    expect(await termOrder(later)).toEqual([]);
    const tied = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 2, provides: [x], term: a_term }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 2, term: { fn: b_term, uses: [x] } }\n`;
    expect((await findings(tied)).map((f) => f.code)).toEqual(['race']);
  });
});
