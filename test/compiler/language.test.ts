/** Plan language 1.1: versions, fragments, extends + overlay, evidence and the notes it gives. */
import { describe, expect, it } from 'vitest';
import { checkPlan, compile, loadPlanText } from '../../compiler/index.js';
import { REPORTERS } from '../../compiler/emit/index.js';
import type { Diagnostic, Evidence } from '../../compiler/types.js';
import type { Evidence as InferredEvidence } from '../../import/infer/types.js';
import { checkText, codes } from '../helpers/plans.js';

const V11 = 'bootplan: 1.1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const V1 = V11.replace('1.1', '1');

/** Check a root plan text with other files by absolute virtual path. */
const checkFiles = (root: string, files: Record<string, string>) => checkText(root, files, '/virtual/plan.yaml');
const find = (ds: Diagnostic[], code: string) => ds.find((d) => d.code === code);

const BASE = `bootplan: 1.1
name: image
profile: unikraft@0.17
target: qemu/x86_64
cmdline: 'vfs.fstab=["fs0:/:9pfs"] -- image'
devices:
  - { kind: virtio-9p, tag: fs0, hostdir: ./guest_fs }
libraries:
  ukbus:
    initcalls:
      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }
  posix-tty:
    initcalls:
      - fn: init_posix_tty
        level: rootfs
        prio: 9
        uses: ['mount:/', fdtab]
        provides: ['fd:stdio']
        evidence:
          - { uses: fdtab, at: lib/posix-tty/tty.c:51, call: uk_fdtab_open, via: [], fact: catalog }
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab] }
  app:
    main: {}
`;

describe('language versions', () => {
  it('reads version 1 and 1.1 plans, and refuses other versions', async () => {
    expect(codes((await checkText(`${V1}libraries:\n  app:\n    main: {}\n`)).diagnostics, 'error')).toEqual([]);
    expect(codes((await checkText(`${V11}libraries:\n  app:\n    main: {}\n`)).diagnostics, 'error')).toEqual([]);
    expect(codes((await checkText(V11.replace('1.1', '2'))).diagnostics)).toContain('schema');
  });

  it('a 1.1 feature in a version 1 file is an error at its key, with the fix', async () => {
    const { diagnostics } = await checkText(`${V1}overlay:\n  app.main: { cost: 1ms }\nlibraries:\n  app:\n    main: {}\n`);
    const d = find(diagnostics, 'language-version')!;
    expect(d.message).toBe('`overlay` is language 1.1: write `bootplan: 1.1`');
    expect(d.location).toMatchObject({ line: 5, column: 1 });
  });

  it('evidence on a term function of a version 1 file is found too', async () => {
    const { diagnostics } = await checkText(`${V1}libraries:\n  a:\n    initcalls:\n      - fn: a_init\n        level: lib\n        term: { fn: a_term, uses: [alloc], evidence: [{ uses: alloc, at: a.c:9, call: uk_free }] }\n`);
    expect(codes(diagnostics)).toEqual(['language-version']);
    expect(find(diagnostics, 'language-version')!.location?.line).toBe(10);
  });

  it('a fragment without `bootplan` is read at the version of the plan that includes it', async () => {
    const fragment = 'libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc], evidence: [{ uses: alloc, at: a.c:3, call: uk_malloc }] }\n';
    const old = await checkFiles(`${V1}include: [cat.yaml]\n`, { '/virtual/cat.yaml': fragment });
    expect(codes(old.diagnostics)).toEqual(['language-version']);
    expect(old.diagnostics[0]!.location?.file).toBe('/virtual/cat.yaml');
    const now = await checkFiles(`${V11}include: [cat.yaml]\n`, { '/virtual/cat.yaml': fragment });
    expect(codes(now.diagnostics, 'error')).toEqual([]);
  });
});

describe('fragments', () => {
  const FRAGMENT = 'bootplan: 1.1\nfragment: true\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n';

  it('check skips a fragment with a note instead of failing', async () => {
    const { compiled, diagnostics } = await checkPlan('/virtual/cat.yaml', { read: () => FRAGMENT });
    expect(compiled).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([['fragment', 'note', 'a fragment: checked through the plans that include it']]);
  });

  it('a fragment is still shape-checked', async () => {
    const { diagnostics } = await checkPlan('/virtual/cat.yaml', { read: () => FRAGMENT.replace('level: lib', 'levl: lib') });
    expect(codes(diagnostics)).toContain('unknown-key');
  });

  it('commands that need a boot refuse a fragment as bad input', () => {
    const { compiled, diagnostics } = compile(loadPlanText('/virtual/cat.yaml', FRAGMENT));
    expect(compiled).toBeNull();
    expect(find(diagnostics, 'fragment')).toMatchObject({ severity: 'error' });
  });

  it('`fragment: true` in a file included by a plan is fine', async () => {
    const { diagnostics } = await checkFiles(`${V11}include: [cat.yaml]\nlibraries:\n  app:\n    main: {}\n`, { '/virtual/cat.yaml': FRAGMENT });
    expect(codes(diagnostics, 'error')).toEqual([]);
  });

  it('a plan cannot extend a fragment', async () => {
    const { diagnostics } = await checkFiles(`bootplan: 1.1\nname: t\nextends: cat.yaml\n`, { '/virtual/cat.yaml': FRAGMENT });
    expect(codes(diagnostics)).toContain('schema');
    expect(diagnostics.find((d) => /a plan can extend only a whole plan/.test(d.message))?.location).toMatchObject({ file: '/virtual/plan.yaml', line: 3 });
  });
});

describe('extends', () => {
  const files = { '/virtual/image.yaml': BASE };

  it('inherits profile, target, cmdline, devices, mounts and libraries from the base', async () => {
    const { compiled, diagnostics } = await checkFiles('bootplan: 1.1\nname: mine\nextends: image.yaml\n', files);
    expect(codes(diagnostics, 'error')).toEqual([]);
    expect(compiled!.plan).toMatchObject({ name: 'mine', profile: 'unikraft@0.17', target: 'qemu/x86_64', argv: ['mine', 'image'] });
    expect(compiled!.plan.devices.map((d) => d.tag)).toEqual(['fs0']);
    expect(compiled!.plan.mounts.map((m) => m.at)).toEqual(['/']);
    expect(compiled!.entries.map((e) => e.id)).toEqual(['ukbus.uk_bus_lib_init', 'vfscore.vfscore_automount', 'posix-tty.init_posix_tty', 'posix-fdtab.init_posix_fdtab', 'app.main']);
  });

  it("the plan's own top-level values win; its libraries come after the base's", async () => {
    const { compiled } = await checkFiles(`bootplan: 1.1\nname: mine\nextends: image.yaml\ncmdline: 'vfs.fstab=["fs1:/:9pfs"] -- mine'\ndevices:\n  - { kind: virtio-9p, tag: fs1, hostdir: ./other }\nlibraries:\n  mine:\n    initcalls:\n      - { fn: mine_init, level: late, uses: ['fd:stdio'] }\n`, files);
    expect(compiled!.plan.argv).toEqual(['mine', 'mine']);
    expect(compiled!.plan.devices.map((d) => d.tag)).toEqual(['fs1']);
    expect(compiled!.entries.at(-1)!.id).toBe('mine.mine_init');
  });

  it("host paths of the base stay relative to the base's folder", async () => {
    const { compiled } = await checkFiles('bootplan: 1.1\nname: mine\nextends: imports/image.yaml\n', { '/virtual/imports/image.yaml': BASE });
    expect(compiled!.plan.devices[0]!.hostdir).toBe('imports/guest_fs');
  });

  it('a different profile is an error at the key; the same one spelt otherwise is not', async () => {
    const bad = await checkFiles('bootplan: 1.1\nname: mine\nprofile: unikraft@0.13\nextends: image.yaml\n', files);
    expect(find(bad.diagnostics, 'profile-mismatch')?.location).toMatchObject({ file: '/virtual/plan.yaml', line: 3 });
    // A bare `unikraft` is the newest line (0.21): the same as a base that says so, not as a 0.17 base.
    const newest = { '/virtual/image.yaml': BASE.replace('profile: unikraft@0.17', 'profile: unikraft@0.21') };
    const same = await checkFiles('bootplan: 1.1\nname: mine\nprofile: unikraft\nextends: image.yaml\n', newest);
    expect(codes(same.diagnostics)).not.toContain('profile-mismatch');
    const older = await checkFiles('bootplan: 1.1\nname: mine\nprofile: unikraft\nextends: image.yaml\n', files);
    expect(codes(older.diagnostics)).toContain('profile-mismatch');
  });

  it('a plan without `extends` still needs a profile', async () => {
    const { diagnostics } = await checkText('bootplan: 1.1\nname: t\nlibraries: {}\n');
    expect(diagnostics.map((d) => d.message)).toContain('the document is missing the required key "profile"');
  });

  it('chains: a plan extends a plan that extends the import', async () => {
    const { compiled, diagnostics } = await checkFiles('bootplan: 1.1\nname: top\nextends: mid.yaml\noverlay:\n  app.main: { uses: [\'fd:stdio\'] }\n', {
      ...files, '/virtual/mid.yaml': 'bootplan: 1.1\nname: mid\nextends: image.yaml\noverlay:\n  app.main: { uses: [\'mount:/\'] }\n',
    });
    expect(codes(diagnostics, 'error')).toEqual([]);
    expect(compiled!.entries.find((e) => e.id === 'app.main')!.uses).toEqual(['mount:/', 'fd:stdio']);
  });

  it('extends cycles are reported like include cycles', async () => {
    const { diagnostics } = await checkFiles('bootplan: 1.1\nname: a\nextends: b.yaml\n', { '/virtual/b.yaml': 'bootplan: 1.1\nname: b\nextends: plan.yaml\nprofile: unikraft@0.17\n' });
    expect(codes(diagnostics)).toEqual(['include-cycle']);
    expect(diagnostics[0]!.message).toBe('extends cycle: /virtual/plan.yaml → /virtual/b.yaml → /virtual/plan.yaml');
  });

  it('a missing base is a located error', async () => {
    const { diagnostics } = await checkFiles('bootplan: 1.1\nname: a\nextends: gone.yaml\n', {});
    expect(codes(diagnostics)).toContain('file-unreadable');
    expect(find(diagnostics, 'file-unreadable')!.location).toMatchObject({ file: '/virtual/plan.yaml', line: 3 });
  });
});

describe('overlay', () => {
  const files = { '/virtual/image.yaml': BASE };
  const over = (overlay: string, extra = '') => checkFiles(`bootplan: 1.1\nname: mine\nextends: image.yaml\noverlay:\n${overlay}${extra}`, files);

  it('adds to lists without repeating, and replaces scalars', async () => {
    const { compiled, diagnostics } = await over("  app.main: { uses: ['mount:/', 'fd:stdio', 'mount:/'], cost: 2ms, note: mine }\n  posix-tty.init_posix_tty: { uses: [fdtab] }\n");
    expect(codes(diagnostics, 'error')).toEqual([]);
    const main = compiled!.entries.find((e) => e.id === 'app.main')!;
    expect(main).toMatchObject({ uses: ['mount:/', 'fd:stdio'], cost: 2_000_000, note: 'mine' });
    expect(compiled!.entries.find((e) => e.id === 'posix-tty.init_posix_tty')!.declaredUses).toEqual(['mount:/', 'fdtab']);
  });

  it('`remove` takes items out, with the evidence for them', async () => {
    const { compiled, diagnostics } = await over('  posix-tty.init_posix_tty: { remove: { uses: [fdtab] } }\n');
    expect(codes(diagnostics, 'error')).toEqual([]);
    const tty = compiled!.entries.find((e) => e.id === 'posix-tty.init_posix_tty')!;
    expect(tty.declaredUses).toEqual(['mount:/']);
    expect(tty.evidence).toEqual([]);
  });

  it('`remove` of effects by kind', async () => {
    const { compiled } = await over('  vfscore.vfscore_automount: { remove: { effects: [mount] } }\n');
    expect(compiled!.entries.find((e) => e.id === 'vfscore.vfscore_automount')!.effects).toEqual([]);
  });

  it('an overlay naming an entry the base no longer has: error at the key with "did you mean"', async () => {
    const { diagnostics } = await over('  posix-tty.init_posix_ty: { cost: 1ms }\n');
    const d = find(diagnostics, 'overlay-unknown-entry')!;
    expect(d.message).toContain('did you mean "posix-tty.init_posix_tty"?');
    expect(d.location).toMatchObject({ file: '/virtual/plan.yaml', line: 5, column: 3 });
  });

  it("a diagnostic about a use the overlay added points into the overlay, with the base's entry as a note", async () => {
    const { diagnostics } = await over("  app.main: { uses: ['mount:/dev'] }\n");
    const d = find(diagnostics, 'capability-never-provided')!;
    expect(d.location).toMatchObject({ file: '/virtual/plan.yaml', line: 5 });
    expect(d.related?.map((r) => r.location?.file)).toContain('/virtual/image.yaml');
  });

  it("a diagnostic about the base's own use stays in the base, with a note where the overlay moved the provider", async () => {
    const { diagnostics } = await over('  posix-fdtab.init_posix_fdtab: { level: rootfs, prio: 9 }\n');
    const d = diagnostics.find((x) => x.code === 'race')!;
    expect(d.location?.file).toBe('/virtual/image.yaml');
    expect(d.related?.find((r) => r.message === 'the overlay sets the priority of posix-fdtab.init_posix_fdtab')?.location).toMatchObject({ file: '/virtual/plan.yaml', line: 5 });
  });

  it('a broken `after` the overlay added is reported in the overlay', async () => {
    const { diagnostics } = await over('  posix-fdtab.init_posix_fdtab: { after: [posix-tty.init_posix_tty] }\n');
    const d = find(diagnostics, 'order-violated')!;
    expect(d.location).toMatchObject({ file: '/virtual/plan.yaml', line: 5 });
    expect(d.related?.map((r) => r.message)).toContain('posix-fdtab.init_posix_fdtab is declared here; the overlay adds the requirement');
  });

  it('a bad level set by the overlay is reported in the overlay', async () => {
    const { diagnostics } = await over('  posix-fdtab.init_posix_fdtab: { level: rootf }\n');
    expect(find(diagnostics, 'unknown-level')!.location).toMatchObject({ file: '/virtual/plan.yaml', line: 5 });
  });

  it('a bad priority set by the overlay is reported in the overlay', async () => {
    const { diagnostics } = await over('  posix-fdtab.init_posix_fdtab: { prio: 12 }\n');
    expect(find(diagnostics, 'prio-out-of-range')!.location).toMatchObject({ file: '/virtual/plan.yaml', line: 5 });
  });

  it("overlays apply to the plan's own entries and to term-only entries", async () => {
    const { compiled, diagnostics } = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n      - { term: a_term, level: lib }\noverlay:\n  a.a_init: { provides: [x] }\n  a.a_term: { uses: [x] }\n`);
    expect(codes(diagnostics, 'error')).toEqual([]);
    expect(compiled!.entries.find((e) => e.id === 'a.a_term')!.term!.uses).toEqual(['x']);
  });
});

describe('evidence', () => {
  const CTOR = `${V11}libraries:
  foo:
    ctors:
      - fn: foo_ctor
        uses: [alloc]
        evidence:
          - { uses: alloc, at: lib/foo/foo.c:42, call: uk_malloc, via: ['foo_setup (lib/foo/foo.c:17)'], fact: 'specs/catalogs/unikraft.yaml' }
`;

  it('a diagnostic about a use gets a note per evidence item, pointing at the C file and line', async () => {
    const { diagnostics } = await checkText(CTOR);
    const d = find(diagnostics, 'pre-init-use')!;
    const note = d.related!.find((r) => r.message.startsWith('uses `alloc`'))!;
    expect(note.message).toBe('uses `alloc`: lib/foo/foo.c:42 calls `uk_malloc` (via `foo_setup`, lib/foo/foo.c:17)');
    expect(note.location).toEqual({ file: 'lib/foo/foo.c', line: 42, column: 1 });
  });

  it('reporters carry the evidence: pretty notes, json related, sarif related locations', async () => {
    const { diagnostics } = await checkText(CTOR);
    const input = { diagnostics, file: '/virtual/plan.yaml' };
    const options = { color: false, cwd: '/virtual' };
    expect(REPORTERS.pretty!(input, options)).toContain('= note: uses `alloc`: lib/foo/foo.c:42 calls `uk_malloc`');
    const json = JSON.parse(REPORTERS.json!(input, options));
    expect(json.diagnostics[0].related[0].location).toMatchObject({ file: 'lib/foo/foo.c', line: 42 });
    const sarif = JSON.parse(REPORTERS.sarif!(input, options));
    const related = sarif.runs[0].results[0].relatedLocations;
    expect(related[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'lib/foo/foo.c', uriBaseId: 'SRCROOT' }, region: { startLine: 42 } });
  });

  it("the provider's evidence is shown too, and evidence about other capabilities is not", async () => {
    const { diagnostics } = await checkText(`${V11}libraries:
  a:
    initcalls:
      - fn: a_init
        level: lib
        prio: 0
        uses: [fdtab, alloc]
        evidence:
          - { uses: fdtab, at: lib/a/a.c:5, call: uk_fdtab_open }
          - { uses: alloc, at: lib/a/a.c:6, call: uk_malloc }
  b:
    initcalls:
      - { fn: b_init, level: lib, prio: 0, provides: [fdtab], evidence: [{ provides: fdtab, at: lib/b/b.c:9, call: uk_fdtab_init }] }
`);
    const d = find(diagnostics, 'race')!;
    const messages = d.related!.map((r) => r.message);
    expect(messages).toContain('uses `fdtab`: lib/a/a.c:5 calls `uk_fdtab_open`');
    expect(messages).toContain('b.b_init provides `fdtab`: lib/b/b.c:9 calls `uk_fdtab_init`');
    expect(messages.some((m) => m.includes('alloc'))).toBe(false);
  });

  it('effect evidence backs the capabilities of its contract', async () => {
    const { diagnostics } = await checkText(`${V11}libraries:
  posix-tty:
    ctors:
      - { fn: tty_ctor, effects: [{ open-stdio: {} }], evidence: [{ effect: open-stdio, at: lib/posix-tty/tty.c:30, call: open }] }
`);
    const d = find(diagnostics, 'pre-init-use')!;
    expect(d.related!.map((r) => r.message)).toContain('effect `open-stdio`: lib/posix-tty/tty.c:30 calls `open`');
  });

  it('evidence must back something the entry has; exactly one of uses, provides, effect', async () => {
    const two = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc], provides: [x], evidence: [{ uses: alloc, provides: x, at: a.c:1, call: f }] }\n  app:\n    main: { uses: [x] }\n`);
    expect(find(two.diagnostics, 'evidence-mismatch')!.message).toContain('exactly one of');
    const provides = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, evidence: [{ provides: x, at: a.c:1, call: f }] }\n`);
    expect(find(provides.diagnostics, 'evidence-mismatch')!.location?.line).toBe(8);
    const effect = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, evidence: [{ effect: mount, at: a.c:1, call: mount }] }\n`);
    expect(codes(effect.diagnostics)).toContain('evidence-mismatch');
    const fine = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, effects: [{ open-stdio: {} }], evidence: [{ effect: open-stdio, at: a.c:1, call: open }, { uses: alloc, at: a.c:2, call: open }] }\n`);
    expect(codes(fine.diagnostics)).not.toContain('evidence-mismatch');
  });

  it("a term function's evidence shows under a teardown finding about its use", async () => {
    const { diagnostics } = await checkText(`${V11}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, term: { fn: term_posix_fdtab, uses: ['mount:/'], evidence: [{ uses: 'mount:/', at: lib/posix-fdtab/fdtab.c:77, call: close }] } }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
`);
    const d = find(diagnostics, 'term-order')!;
    expect(d.related!.map((r) => r.message)).toContain('uses `mount:/`: lib/posix-fdtab/fdtab.c:77 calls `close`');
  });

  it("is the importers' Evidence type: one converts to the other both ways", async () => {
    const inferred: InferredEvidence = { uses: 'alloc', at: 'lib/a/a.c:6', call: 'uk_malloc', via: [], fact: 'catalog' };
    const compiled: Evidence = inferred;
    const back: InferredEvidence = compiled;
    const { diagnostics } = await checkText(`${V11}libraries:\n  a:\n    ctors:\n      - { fn: a_ctor, uses: [alloc], evidence: [${JSON.stringify(back)}] }\n`);
    expect(find(diagnostics, 'pre-init-use')!.related!.map((r) => r.message)).toContain('uses `alloc`: lib/a/a.c:6 calls `uk_malloc`');
  });

  it('`at` must read file:line', async () => {
    const { diagnostics } = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc], evidence: [{ uses: alloc, at: somewhere, call: f }] }\n`);
    expect(codes(diagnostics)).toContain('schema');
  });
});

describe('nothing-proven', () => {
  it('fires with the counts on a plan whose entries state nothing between them', async () => {
    const { diagnostics } = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, uses: [alloc] }\n      - { fn: b_init, level: lib }\n`);
    const d = find(diagnostics, 'nothing-proven')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toBe("2 entries, 0 requirements between them: nothing was proven (1 use of what the boot core provides holds by the profile's order alone)");
    expect(d.hint).toContain('import unikraft --src');
    expect(d.location?.line).toBe(5);
  });

  it('is quiet when one requirement relates two entries', async () => {
    const { diagnostics } = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, provides: [x] }\n      - { fn: b_init, level: lib, after: [a.a_init] }\n  app:\n    main: { uses: [x] }\n`);
    expect(codes(diagnostics)).not.toContain('nothing-proven');
  });

  it('is quiet when something else was already reported', async () => {
    const { diagnostics } = await checkText(`${V11}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, provides: [x] }\n`);
    expect(codes(diagnostics)).toEqual(['unused-capability']);
  });

  it('is quiet on an empty plan', async () => {
    expect(codes((await checkText(`${V11}libraries: {}\n`)).diagnostics)).toEqual([]);
  });
});

describe('duplicate-registration of term functions', () => {
  it('a term that is also an init function of the library', async () => {
    const { diagnostics } = await checkText(`${V1}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0 }\n      - { fn: a_other, level: lib, prio: 1, term: a_init }\n`);
    const d = find(diagnostics, 'duplicate-registration')!;
    expect(d.message).toBe('a.a_init is registered as an init function and as the term function of a.a_other: it would run at boot and again at teardown');
    expect(d.location?.line).toBe(9);
  });

  it('is quiet for distinct terms, and the same term name in two libraries', async () => {
    const { diagnostics } = await checkText(`${V1}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, term: a_term }\n      - { fn: a_two, level: lib, term: a_term2 }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, term: a_term }\n`);
    expect(codes(diagnostics)).not.toContain('duplicate-registration');
  });
});
