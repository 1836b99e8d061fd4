import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importUnikraftNm } from '../../import/unikraft-nm.js';
import { unikraftLibraryOf } from '../../import/unikraft-names.js';
import { writePlan } from '../../import/write-plan.js';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { readSharedFixture } from '../shared-fixtures.js';

const imported = importUnikraftNm(readSharedFixture('unikraft-0.17-rich/nm.txt'), { name: 'helloworld-rich', file: 'nm.txt' });

describe('importUnikraftNm on the real image', () => {
  it('writes the image\'s registrations as a plan', () => {
    expect(imported.diagnostics).toEqual([]);
    expect(imported.plan).toEqual({
      bootplan: 1,
      name: 'helloworld-rich',
      profile: 'unikraft@0.17',
      target: 'qemu/x86_64',
      libraries: {
        context: { ctors: [{ fn: '_init_ectx_store', prio: 0 }, { fn: 'init_fsgsbasefns', prio: 0 }] },
        vfscore: {
          ctors: [{ fn: 'vfscore_init', prio: 1 }],
          initcalls: [{ fn: 'vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount' }],
        },
        ukbus: { initcalls: [{ fn: 'uk_bus_lib_init', level: 'plat', prio: 0 }] },
        // The early table (the 0.17 profile has it: real 0.17.0 images do), in the image's order.
        ukboot: { early: [{ fn: 'uk_boot_early_init_parse_cmdl', prio: 0 }, { fn: 'uk_boot_early_init_mrd_coalesce', prio: 8 }] },
        ukconsole_ns16550: { early: [{ fn: 'com_early_init', prio: 1 }], initcalls: [{ fn: 'com_init', level: 'plat', prio: 1 }] },
        ukconsole_vga: { early: [{ fn: 'vga_init', prio: 1 }] },
        posix_fdtab: { initcalls: [{ fn: 'init_posix_fdtab', level: 'lib', prio: 0 }, { term: 'term_posix_fdtab', level: 'rootfs', prio: 9 }] },
        uklock: { initcalls: [{ fn: 'mutex_metrics_ctor', level: 'lib', prio: 1 }] },
        devfs: {
          initcalls: [
            { fn: 'devfs_register_null', level: 'rootfs', prio: 1 },
            { fn: 'devfs_register_stdout', level: 'rootfs', prio: 1 },
            { fn: 'devfs_automount', level: 'rootfs', prio: 5 },
          ],
        },
        posix_tty: { initcalls: [{ fn: 'init_posix_tty', level: 'rootfs', prio: 9 }] },
        posix_environ: { initcalls: [{ fn: 'uniquify_env', level: 'sys', prio: 0 }] },
        // Test suites are filed under the library that compiles them; the ties agree on one
        // library order (lib/Makefile.uk's), so no library needs a second block.
        ukargparse: { initcalls: [{ fn: 'testsuite_run_ukargparse', level: 'late', prio: 9 }] },
        ukconsole: { initcalls: [{ fn: 'testsuite_run_uk_console_testsuite', level: 'late', prio: 9 }] },
        uktest: { ctors: [{ fn: 'testsuite_run_uktest_myself_testsuite', prio: 0 }], initcalls: [{ fn: 'uk_test_print_stats', level: 'late', prio: 9 }] },
        app: { main: {} },
      },
    });
  });

  it('places the early table\'s entries in their link order, and names a core step only where the profile has one', () => {
    expect(imported.header.join(' ')).toContain('4 early-table entries, 4 constructors and 14 init-table entries');
    const libs = Object.keys(imported.plan.libraries);
    // com_early_init and vga_init share early prio 1: declared in the image's (address) order.
    expect(libs.indexOf('ukconsole_ns16550')).toBeLessThan(libs.indexOf('ukconsole_vga'));
    const newest = importUnikraftNm(readSharedFixture('unikraft-0.17-rich/nm.txt'), { file: 'nm.txt', profile: 'unikraft@0.21' });
    expect(newest.plan.libraries.ukboot).toEqual({ early: [{ fn: 'uk_boot_early_init_mrd_coalesce', prio: 8 }] });
    expect(newest.header.join(' ')).toContain("uk_boot_early_init_parse_cmdl (early prio 0) is unikraft@0.21's core step `early_cmdline`, not an entry.");
  });

  it('round-trips through YAML and compiles without errors', () => {
    const text = writePlan(imported);
    expect(text).toContain('- { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount }');
    expect(parse(text)).toEqual(imported.plan);
    const { compiled, diagnostics } = compile(loadPlanText('uk.yaml', text));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled!.entries).toHaveLength(23);
    expect(check(compiled!).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('importUnikraftNm on hand-made maps', () => {
  it('keeps entries the linker dropped, with their raw priority and a note', () => {
    const plan = importUnikraftNm([
      '0000000000001000 t devfs_automount',
      '0000000000001010 t init_posix_tty',
      '0000000000002000 R uk_inittab_start',
      '0000000000002000 r __uk_inittab49_init_posix_tty_0x0',
      '0000000000002010 R uk_inittab_end',
      '0000000000003000 r __uk_inittab4UK_FS_PRIO_FSAVAIL_devfs_automount_0x0',
    ].join('\n'));
    expect(plan.plan.libraries.devfs!.initcalls![0]).toMatchObject({ fn: 'devfs_automount', level: 'rootfs', prio: 'UK_FS_PRIO_FSAVAIL' });
    expect(plan.plan.libraries.devfs!.initcalls![0]!.note).toContain('never runs');
    expect(plan.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['IMPORT_DROPPED_ENTRY', 6]]);
  });

  it('splits a library that comes back inside one level and priority', () => {
    const plan = importUnikraftNm([
      '0000000000001000 t vfscore_a', '0000000000001010 t devfs_b', '0000000000001020 t vfscore_c',
      '0000000000002000 r __uk_inittab31_vfscore_a_0x0',
      '0000000000002010 r __uk_inittab31_devfs_b_0x0',
      '0000000000002020 r __uk_inittab31_vfscore_c_0x0',
    ].join('\n'));
    expect(Object.keys(plan.plan.libraries)).toEqual(['vfscore', 'devfs', 'vfscore-2']);
  });

  it('says so for a map without tables', () => {
    expect(importUnikraftNm('0000000000001000 T main\n').diagnostics.map((d) => d.code)).toEqual(['IMPORT_EMPTY']);
  });
});

describe('unikraftLibraryOf', () => {
  it.each([
    ['vfscore_automount', 'vfscore'],
    ['init_posix_fdtab', 'posix_fdtab'],
    ['term_posix_fdtab', 'posix_fdtab'],
    ['com_init', 'ukconsole_ns16550'],
    ['libvirtio_9p_virtio_register_driver', 'virtio_9p'],
    ['libukbus_pci_uk_bus_register', 'ukbus_pci'],
    ['libxenbus_xenbus_register_driver', 'xenbus'],
    ['testsuite_run_uktest_myself_testsuite', 'uktest'],
    ['testsuite_run_uk_console_testsuite', 'ukconsole'],
    ['testsuite_run_posix_futex_testsuite', 'posix_futex'],
    ['devfs_register_null', 'devfs'],
    ['uk_bus_lib_init', 'ukbus'],
    ['uk_swrand_init', 'ukswrand'],
    ['liblwip_init', 'lwip'],
    ['testsuite_run_ukargparse', 'ukargparse'],
    ['my_app_setup', 'my'],
    ['__init_foo', 'foo'],
  ])('%s → %s', (fn, lib) => {
    expect(unikraftLibraryOf(fn)).toBe(lib);
  });
});
