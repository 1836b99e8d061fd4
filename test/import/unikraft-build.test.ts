import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { readBuildTree } from '../../import/build-tree.js';
import type { InferenceInput, InferenceResult } from '../../import/infer/types.js';
import { readKconfig } from '../../import/kconfig.js';
import type { ImportedPlan, PlanEntryObject } from '../../import/plan-object.js';
import { importUnikraftBuild, planLibraryName, prepareUnikraftBuild } from '../../import/unikraft-build.js';
import { importUnikraftNm } from '../../import/unikraft-nm.js';
import { writePlan } from '../../import/write-plan.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/unikraft-build/', import.meta.url));
const tree = readBuildTree({ src: join(FIXTURE, 'tree'), libs: [join(FIXTURE, 'lib-extra')], app: join(FIXTURE, 'app-hello') });
const roots = { libs: tree.libs, ...(tree.app ? { app: tree.app } : {}) };
const fixtureConfig = readKconfig(readFileSync(join(FIXTURE, 'fixture.config'), 'utf8'), 'fixture.config').config;
const configOf = (text: string) => readKconfig(text, 'inline.config').config;

/** Every entry of a plan as `lib.fn` (or `lib.~term` for a term-only entry), in declaration order. */
function entryIds(imported: ImportedPlan): string[] {
  const ids: string[] = [];
  for (const [lib, l] of Object.entries(imported.plan.libraries)) {
    for (const e of [...(l.ctors ?? []), ...(l.initcalls ?? [])]) ids.push(`${lib}.${e.fn ?? `~${typeof e.term === 'string' ? e.term : e.term?.fn}`}`);
    if (l.main) ids.push(`${lib}.main`);
  }
  return ids;
}
function entry(imported: ImportedPlan, lib: string, fn: string): PlanEntryObject | undefined {
  const l = imported.plan.libraries[lib];
  return [...(l?.ctors ?? []), ...(l?.initcalls ?? [])].find((e) => e.fn === fn || (e.fn === undefined && (typeof e.term === 'string' ? e.term : e.term?.fn) === fn));
}

describe('import unikraft --src with --config: the image the build makes', () => {
  const { imported, input, stats } = prepareUnikraftBuild(tree.tree, { roots, config: fixtureConfig, target: 'qemu/x86_64' });

  it('registers the libraries Makefile.uk enables and compiles only the files their SRCS select', () => {
    const paths = input.files.map((f) => f.path);
    expect(paths).toContain('lib/devfs/null.c');
    expect(paths).not.toContain('lib/devfs/stdout.c'); // LIBDEVFS_SRCS-$(CONFIG_LIBDEVFS_DEV_STDOUT), not set
    expect(paths).not.toContain('lib/vfscore/extra.c'); // under ifeq ($(CONFIG_LIBVFSCORE_EXTRA),y)
    expect(paths).not.toContain('lib/unused/unused.c'); // addlib_s with CONFIG_LIBUNUSED=n
    expect(paths).not.toContain('drivers/ukconsole/ns16550/ns16550.c'); // SRCS-$(CONFIG_ARCH_ARM_64)
    expect(paths).toContain('drivers/ukconsole/ns16550/com.c');
    expect(paths).not.toContain('drivers/xen/netfront/netfront.c'); // addplatlib_s,xen on a kvm target
    expect(paths).toContain('arch/x86/x86_64/fsgsbase.c');
    expect(paths).toContain('arch/x86/x86_64/tls.c'); // from the included x86_64/Makefile.uk
    expect(paths).toContain('lib-extra/extra.c');
    expect(paths).toContain('app-hello/main.c');
    expect(paths.some((p) => p.endsWith('.h'))).toBe(false);
    expect(imported.diagnostics.find((d) => d.code === 'IMPORT_SOURCE_NOT_IN_TREE')?.message).toContain('/fetched/upstream.c');
    expect(stats).toMatchObject({ skipped: 0, alternatives: 0, registrations: 20, libraries: 16 });
  });

  it('declares libraries in link order: platform libraries, then app, lib/, --lib, arch, drivers', () => {
    expect(Object.keys(imported.plan.libraries)).toEqual([
      'ukconsole_ns16550', 'app', 'ukbus', 'vfscore', 'devfs', 'posix_fdtab', 'ukargs', 'uktest', 'extra', 'context',
      'ukbus_pci', 'ukbus_platform', 'virtio_bus', 'virtio_9p', 'virtio_pci',
    ]);
    expect(imported.plan.libraries.context!.ctors!.map((e) => e.fn)).toEqual(['_init_ectx_store', 'init_fsgsbasefns']);
    expect(imported.plan.libraries.app).toEqual({ main: {} });
  });

  it('follows the bus and driver macros to the symbol the build gives each constructor', () => {
    expect(entry(imported, 'ukbus_pci', 'libukbus_pci_uk_bus_register')).toMatchObject({ prio: 2, note: 'drivers/ukbus/pci/pci_bus.c:6; via UK_BUS_REGISTER' });
    expect(entry(imported, 'ukbus_pci', 'libukbus_pci_pf_register_driver')).toMatchObject({ prio: 1, note: expect.stringContaining('via PF_REGISTER_DRIVER') });
    expect(entry(imported, 'ukbus_platform', 'libukbus_platform_uk_bus_register')).toMatchObject({ prio: 1 });
    expect(entry(imported, 'virtio_bus', 'libvirtio_bus_uk_bus_register')).toMatchObject({ prio: 2 });
    expect(entry(imported, 'virtio_9p', 'libvirtio_9p_virtio_register_driver')).toMatchObject({ prio: 1, note: 'drivers/virtio/9p/virtio_9p.c:6; via VIRTIO_BUS_REGISTER_DRIVER' });
    expect(entry(imported, 'virtio_pci', 'libvirtio_pci_pci_register_driver')).toMatchObject({ prio: 1 });
    expect(entry(imported, 'uktest', 'testsuite_run_uktest_myself_testsuite')).toMatchObject({ prio: 0 });
    expect(entry(imported, 'ukargs', 'testsuite_run_ukargs')).toMatchObject({ level: 'late', prio: 9, note: expect.stringContaining('via uk_testsuite_register') });
    expect(entry(imported, 'devfs', 'devfs_register_null')).toMatchObject({ level: 'rootfs', prio: 1 });
    // UK_FS_REGISTER fills a section list, it registers nothing to run.
    expect(imported.plan.libraries.vfscore!.ctors).toEqual([{ fn: 'vfscore_init', prio: 1, note: 'lib/vfscore/main.c:8' }]);
    expect(JSON.stringify(imported.plan)).not.toContain('__fs_list');
  });

  it('keeps exactly the #elif branch the configuration selects', () => {
    expect(imported.plan.libraries.vfscore!.initcalls).toEqual([{ level: 'rootfs', prio: 4, term: 'vfscore_autoumount', note: 'lib/vfscore/automount.c:17' }]);
    const both = prepareUnikraftBuild(tree.tree, { roots, config: configOf('CONFIG_LIBVFSCORE=y\nCONFIG_LIBVFSCORE_AUTOMOUNT=y\nCONFIG_LIBVFSCORE_AUTOUNMOUNT=y\n') });
    expect(both.imported.plan.libraries.vfscore!.initcalls).toEqual([{ fn: 'vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', note: 'lib/vfscore/automount.c:15' }]);
    const none = prepareUnikraftBuild(tree.tree, { roots, config: configOf('CONFIG_LIBVFSCORE=y\n') });
    expect(none.imported.plan.libraries.vfscore!.initcalls).toBeUndefined();
  });

  it('selects the platform and architecture of --target', () => {
    const xen = prepareUnikraftBuild(tree.tree, { roots, config: fixtureConfig, target: 'xen/x86_64' });
    expect(entry(xen.imported, 'xennetfront', 'libxennetfront_xenbus_register_driver')).toMatchObject({ prio: 1, note: expect.stringContaining('via XENBUS_REGISTER_DRIVER') });
    expect(xen.imported.plan.libraries.ukconsole_ns16550).toBeUndefined(); // addplatlib_s,kvm
    const arm = prepareUnikraftBuild(tree.tree, { roots, config: fixtureConfig, target: 'qemu/arm64' });
    expect(arm.input.files.map((f) => f.path)).toContain('drivers/ukconsole/ns16550/ns16550.c');
    expect(arm.input.files.map((f) => f.path)).not.toContain('arch/x86/x86_64/fsgsbase.c');
  });

  it('gives inference the compiled files, #if evaluated and macro-generated functions written out', () => {
    const automount = input.files.find((f) => f.path === 'lib/vfscore/automount.c')!;
    const original = readFileSync(join(FIXTURE, 'tree/lib/vfscore/automount.c'), 'latin1');
    expect(automount.text.split('\n')).toHaveLength(original.split('\n').length);
    expect(automount.text).not.toContain('vfscore_automount(struct'); // #if CONFIG_LIBVFSCORE_AUTOMOUNT, unset
    expect(automount.text.split('\n')[16]).toBe('uk_rootfs_initcall_prio(0x0, vfscore_autoumount, 4);');
    const v9p = input.files.find((f) => f.path === 'drivers/virtio/9p/virtio_9p.c')!;
    expect(v9p.text.split('\n')[5]).toContain('static void libvirtio_9p_virtio_register_driver(void) { _virtio_bus_register_driver((&v9p_drv)); }');
    expect(v9p.text.split('\n')).toHaveLength(readFileSync(join(FIXTURE, 'tree/drivers/virtio/9p/virtio_9p.c'), 'latin1').split('\n').length);
    expect(input.functions).toContainEqual({ id: 'ukbus.uk_bus_lib_init', fn: 'uk_bus_lib_init', file: 'lib/ukbus/bus.c', line: 12, role: 'initcall' });
    expect(input.functions).toContainEqual({ id: 'vfscore.vfscore_autoumount', fn: 'vfscore_autoumount', file: 'lib/vfscore/automount.c', line: 17, role: 'term' });
    expect(input.functions).toContainEqual({ id: 'virtio_9p.libvirtio_9p_virtio_register_driver', fn: 'libvirtio_9p_virtio_register_driver', file: 'drivers/virtio/9p/virtio_9p.c', line: 6, role: 'ctor' });
    expect(input.functions).toContainEqual({ id: 'app.main', fn: 'main', file: 'app-hello/main.c', line: 3, role: 'main' });
  });

  it('writes a plan that compiles and checks', () => {
    const text = writePlan(imported);
    expect(parse(text)).toEqual(imported.plan);
    const { compiled, diagnostics } = compile(loadPlanText('image.yaml', text));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check(compiled!).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('--src and --nm of one image agree', () => {
  const src = prepareUnikraftBuild(tree.tree, { roots, config: fixtureConfig }).imported;
  const nm = importUnikraftNm(readFileSync(join(FIXTURE, 'nm.txt'), 'utf8'), { file: 'nm.txt' });

  it('on every library and function', () => {
    expect(nm.diagnostics).toEqual([]);
    expect(entryIds(nm).sort()).toEqual(entryIds(src).sort());
    expect(Object.keys(nm.plan.libraries).sort()).toEqual(Object.keys(src.plan.libraries).sort());
  });

  it('on levels, priorities and terms', () => {
    // Inside one library the order of entries with different keys does not matter (the boot sorts by key).
    const strip = (list: PlanEntryObject[] | undefined) => (list ?? []).map((e) => JSON.stringify({ fn: e.fn, term: e.term, level: e.level, prio: e.prio })).sort();
    for (const [lib, l] of Object.entries(src.plan.libraries)) {
      expect(strip(nm.plan.libraries[lib]?.ctors)).toEqual(strip(l.ctors));
      expect(strip(nm.plan.libraries[lib]?.initcalls)).toEqual(strip(l.initcalls));
    }
  });

  it('names libraries as Makefile.uk does, without lib', () => {
    expect(planLibraryName('libvfscore')).toBe('vfscore');
    expect(planLibraryName('libukconsole_ns16550')).toBe('ukconsole_ns16550');
    expect(planLibraryName('lib')).toBe('lib');
  });
});

describe('import unikraft --src without --config', () => {
  const { imported, stats } = prepareUnikraftBuild(tree.tree, { roots, config: null });

  it('reads every C file and registers one branch of each #if chain, the others as comments', () => {
    expect(imported.plan.libraries.vfscore!.initcalls).toEqual([
      { fn: 'vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', note: 'lib/vfscore/automount.c:15; if CONFIG_LIBVFSCORE_AUTOMOUNT && CONFIG_LIBVFSCORE_AUTOUNMOUNT' },
      { fn: 'vfscore_extra', level: 'late', prio: 9, note: 'lib/vfscore/extra.c:4' },
    ]);
    expect(imported.libraryComments.vfscore).toEqual([
      'alternative (if !(CONFIG_LIBVFSCORE_AUTOMOUNT && CONFIG_LIBVFSCORE_AUTOUNMOUNT) && CONFIG_LIBVFSCORE_AUTOUNMOUNT): - { level: rootfs, prio: 4, term: vfscore_autoumount }',
    ]);
    expect(stats.alternatives).toBe(1);
    expect(writePlan(imported)).toContain('  # alternative (if !(CONFIG_LIBVFSCORE_AUTOMOUNT && CONFIG_LIBVFSCORE_AUTOUNMOUNT) && CONFIG_LIBVFSCORE_AUTOUNMOUNT): - { level: rootfs, prio: 4, term: vfscore_autoumount }\n  vfscore:');
  });

  it('names every file after the library whose folder holds it, all platforms included', () => {
    expect(entry(imported, 'unused', 'unused_init')).toMatchObject({ level: 'lib', prio: 3 });
    expect(entry(imported, 'xennetfront', 'libxennetfront_xenbus_register_driver')).toBeDefined();
    expect(entry(imported, 'ukconsole_ns16550', 'init')).toBeDefined();
    expect(entry(imported, 'devfs', 'devfs_automount')?.note).toBe('lib/devfs/devfs_vnops.c:10; if defined(CONFIG_LIBDEVFS_AUTOMOUNT)');
    expect(stats.skipped).toBe(0);
  });
});

describe('inference plugs in', () => {
  it('puts uses, provides, effects and evidence into the entries, unresolved calls into the note', async () => {
    let seen: InferenceInput | undefined;
    const infer = async (input: InferenceInput): Promise<InferenceResult> => {
      seen = input;
      return {
        entries: new Map([
          ['ukbus.uk_bus_lib_init', {
            id: 'ukbus.uk_bus_lib_init', uses: ['alloc'], provides: [], effects: [{ 'probe-buses': {} }],
            evidence: [{ uses: 'alloc', at: 'lib/ukbus/bus.c:6', call: 'uk_malloc', via: [], fact: 'specs/catalogs/unikraft.yaml' }],
            unresolved: ['lib/ukbus/bus.c:6: uk_alloc_get_default'],
          }],
          ['vfscore.vfscore_autoumount', {
            id: 'vfscore.vfscore_autoumount', uses: ['mount:/'], provides: [], effects: [],
            evidence: [{ uses: 'mount:/', at: 'lib/vfscore/automount.c:11', call: 'umount', via: [], fact: 'specs/catalogs/unikraft.yaml' }], unresolved: [],
          }],
        ]),
        diagnostics: [{ code: 'INFER_TEST', severity: 'note', message: 'fake', location: { file: 'lib/ukbus/bus.c', line: 1, column: 1 } }],
        stats: { filesParsed: 1, functionsIndexed: 1, callsFollowed: 1, unresolvedCalls: 1, externalCalls: 0, filesWithParseErrors: 0 },
      };
    };
    const { imported } = await importUnikraftBuild(tree.tree, { roots, config: fixtureConfig, infer });
    expect(seen?.functions.length).toBe(21); // 20 registrations (two of them term-only) and main
    expect(entry(imported, 'ukbus', 'uk_bus_lib_init')).toMatchObject({
      uses: ['alloc'], effects: [{ 'probe-buses': {} }], evidence: [{ uses: 'alloc', call: 'uk_malloc' }],
      note: 'lib/ukbus/bus.c:12; unresolved: lib/ukbus/bus.c:6: uk_alloc_get_default',
    });
    expect(entry(imported, 'vfscore', 'vfscore_autoumount')).toEqual({
      level: 'rootfs', prio: 4, note: 'lib/vfscore/automount.c:17',
      term: { fn: 'vfscore_autoumount', uses: ['mount:/'], evidence: [{ uses: 'mount:/', at: 'lib/vfscore/automount.c:11', call: 'umount', via: [], fact: 'specs/catalogs/unikraft.yaml' }] },
    });
    expect(imported.plan.bootplan).toBe(1.1);
    // What the checker reads back: the import with inference is a valid 1.1 plan.
    const { diagnostics } = compile(loadPlanText('inferred.yaml', writePlan(imported)));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(imported.diagnostics.map((d) => d.code)).toContain('INFER_TEST');
  });
});

describe('bad input never crashes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootplan-ukbuild-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a .config with garbage: warnings with file:line, the rest still read', () => {
    const text = readFileSync(join(FIXTURE, 'garbage.config'), 'utf8');
    const { config, diagnostics } = readKconfig(text, 'garbage.config');
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['IMPORT_BAD_CONFIG_LINE', 3], ['IMPORT_BAD_CONFIG_LINE', 4], ['IMPORT_BAD_CONFIG_LINE', 6],
      ['IMPORT_BAD_CONFIG_LINE', 7], ['IMPORT_BAD_CONFIG_LINE', 8], ['IMPORT_BAD_CONFIG_LINE', 9],
    ]);
    expect([...config.values.keys()]).toEqual(['CONFIG_LIBUKBUS', 'CONFIG_LIBDEVFS', 'CONFIG_LIBUKCONSOLE_NS16550']);
    const r = prepareUnikraftBuild(tree.tree, { roots, config });
    expect(entry(r.imported, 'ukbus', 'uk_bus_lib_init')).toBeDefined();
  });

  it('a tree with a symlink loop, a huge file, unbalanced #if and a Makefile.uk that includes itself', () => {
    const root = join(dir, 'loop');
    mkdirSync(join(root, 'lib/loopy/sub'), { recursive: true });
    symlinkSync('..', join(root, 'lib/loopy/sub/up'));
    symlinkSync('loop.c', join(root, 'lib/loopy/loop.c'));
    writeFileSync(join(root, 'lib/Makefile.uk'), '$(eval $(call import_lib,$(CONFIG_UK_BASE)/lib/loopy))\n');
    writeFileSync(join(root, 'lib/loopy/Makefile.uk'), [
      '$(eval $(call addlib_s,libloopy,$(CONFIG_LIBLOOPY)))',
      'include $(LIBLOOPY_BASE)/Makefile.uk',
      'LIBLOOPY_SRCS-y += $(LIBLOOPY_BASE)/a.c $(LIBLOOPY_BASE)/big.c $(LIBLOOPY_BASE)/nope.c',
      'ifeq ($(CONFIG_LIBLOOPY),y',
      'X := $(call no_such_function,1)',
      '$(info $(shell uname))',
      'endif',
      'endif',
      'LIBLOOPY_SRCS-y += $(unbalanced',
    ].join('\n'));
    writeFileSync(join(root, 'lib/loopy/a.c'), '#include <uk/init.h>\n#if CONFIG_LIBLOOPY\nuk_lib_initcall_prio(loopy_init, 0x0, 2);\n#else\n#else\n#endif\n#endif\n#if\n#elif 1 +\nUK_CTOR_PRIO(never_closed,\n');
    writeFileSync(join(root, 'lib/loopy/big.c'), `${'x'.repeat(1024)}\n`.repeat(9 * 1024));
    const read = readBuildTree({ src: root, libs: [] });
    expect(read.diagnostics.map((d) => d.code).sort()).toEqual(['IMPORT_FILE_TOO_LARGE', 'IMPORT_SYMLINK_SKIPPED']);
    const r = prepareUnikraftBuild(read.tree, { roots: { libs: [] }, config: configOf('CONFIG_LIBLOOPY=y\n') });
    expect(r.imported.plan.libraries.loopy?.initcalls).toEqual([{ fn: 'loopy_init', level: 'lib', prio: 2, note: 'lib/loopy/a.c:3' }]);
    const codes = r.imported.diagnostics.map((d) => d.code);
    expect(codes).toContain('IMPORT_UNBALANCED_IF');
    expect(codes).toContain('IMPORT_MAKEFILE_UNKNOWN');
    expect(codes).toContain('IMPORT_SOURCE_NOT_IN_TREE');
    for (const d of r.imported.diagnostics) expect(d.location?.file, d.message).toBeTruthy();
  });
});

describe('an app folder inside the --src tree', () => {
  it('is read once and keeps its path (specs/sources/unikraft-demo)', () => {
    const demo = fileURLToPath(new URL('../../specs/sources/unikraft-demo/', import.meta.url));
    const read = readBuildTree({ src: demo, libs: [], app: join(demo, 'app') });
    expect(read.app).toBe('app');
    const paths = read.tree.files.map((f) => f.path);
    expect(paths.filter((p) => p === 'app/main.c')).toHaveLength(1);
    const config = readKconfig(readFileSync(join(demo, '.config'), 'utf8'), '.config').config;
    const r = prepareUnikraftBuild(read.tree, { roots: { libs: [], app: 'app' }, config });
    expect(r.imported.plan.libraries.app).toEqual({ main: {} });
    expect(r.input.functions.filter((f) => f.role === 'main')).toEqual([{ id: 'app.main', fn: 'main', file: 'app/main.c', line: expect.any(Number), role: 'main' }]);
    expect(r.imported.diagnostics).toEqual([]);
  });
});

describe('a tree without Makefile.uk', () => {
  it('names libraries after their folders the way Makefile.uk would', () => {
    const plain = readBuildTree({ src: fileURLToPath(new URL('../fixtures/unikraft-src/', import.meta.url)), libs: [] });
    const r = prepareUnikraftBuild(plain.tree, { roots: { libs: [] }, config: null });
    expect(Object.keys(r.imported.plan.libraries)).toEqual(expect.arrayContaining(['posix_fdtab', 'posix_tty', 'ukbus_pci']));
    expect(Object.keys(r.imported.plan.libraries).some((k) => k.includes('-'))).toBe(false);
  });
});
