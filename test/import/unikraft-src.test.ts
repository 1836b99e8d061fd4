import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSourceTree } from '../../import/source-tree.js';
import { importUnikraftSource, libraryFor, scanUnikraftSource } from '../../import/unikraft-src.js';
import { writePlan } from '../../import/write-plan.js';
import { check, compile, loadPlanText } from '../../compiler/index.js';

const TREE = fileURLToPath(new URL('../fixtures/unikraft-src/', import.meta.url));

describe('importUnikraftSource on the fixture tree', () => {
  const tree = readSourceTree(TREE);
  const { registrations, diagnostics } = scanUnikraftSource(tree.files);
  const find = (fn: string) => registrations.find((r) => r.fn === fn || r.term === fn);

  it('reads the C files and nothing else', () => {
    expect(tree.diagnostics).toEqual([]);
    expect(tree.files.map((f) => f.path)).toContain('lib/posix-fdtab/fdtab.c');
    expect(tree.files.some((f) => f.path.endsWith('.md'))).toBe(false);
  });

  it('finds every registration, and none in comments, strings or macro definitions', () => {
    expect(registrations.map((r) => r.fn ?? r.term).sort()).toEqual([
      '_uk_bus_register_pci_bus', 'devfs_register_null', 'devfs_register_stdout', 'init_posix_fdtab', 'init_posix_tty',
      'mutex_metrics_ctor', 'old_ctor', 'old_default_ctor', 'old_init', 'old_late', 'term_posix_fdtab', 'uk_bus_lib_init',
      'uk_random_init', 'vfscore_automount', 'vfscore_init',
    ]);
  });

  it('resolves priorities through the tree\'s defines and UK_PRIO_AFTER', () => {
    expect(find('init_posix_fdtab')).toMatchObject({ table: 'inittab', level: 'lib', prio: 0, term: null, lib: 'posix-fdtab', file: 'lib/posix-fdtab/fdtab.c', line: 10 });
    expect(find('devfs_register_null')).toMatchObject({ level: 'rootfs', prio: 1, line: 9 });
    expect(find('uk_bus_lib_init')).toMatchObject({ level: 'plat', prio: 0, term: null });
    expect(find('mutex_metrics_ctor')).toMatchObject({ level: 'lib', prio: 1 });
  });

  it('keeps an undefined priority token as it is, with a warning', () => {
    expect(find('devfs_register_stdout')).toMatchObject({ prio: 'UK_PRIO_AFTER(UK_LIBPOSIX_FDTAB_PRIO)', line: 10 });
    expect(diagnostics.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([['IMPORT_BAD_PRIO', 'lib/devfs/stdout.c', 10]]);
    expect(diagnostics[0]!.message).toContain('not defined anywhere in the tree');
  });

  it('reads term-only entries, init/term pairs and the conditions around them', () => {
    expect(find('term_posix_fdtab')).toMatchObject({ fn: null, term: 'term_posix_fdtab', level: 'rootfs', prio: 9 });
    expect(find('vfscore_automount')).toMatchObject({ term: 'vfscore_autoumount', prio: 4, condition: 'CONFIG_LIBVFSCORE_AUTOMOUNT' });
  });

  it('reads the ≤ 0.15 forms and the constructor macros', () => {
    expect(find('old_init')).toMatchObject({ level: 'lib', prio: 5, term: null });
    expect(find('old_late')).toMatchObject({ level: 'late', prio: 9 });
    expect(find('uk_random_init')).toMatchObject({ level: 'early', prio: 9, term: null });
    expect(find('old_ctor')).toMatchObject({ table: 'ctors', prio: 3 });
    expect(find('old_default_ctor')).toMatchObject({ table: 'ctors', prio: 9 });
    expect(find('vfscore_init')).toMatchObject({ table: 'ctors', prio: 1, lib: 'vfscore' });
  });

  it('expands the tree\'s own registration macros, token pasting included', () => {
    expect(find('_uk_bus_register_pci_bus')).toMatchObject({ table: 'ctors', prio: 2, lib: 'ukbus-pci', via: 'UK_BUS_REGISTER', file: 'drivers/ukbus/pci/pci_bus.c', line: 5 });
  });

  it('writes a plan with file:line notes that round-trips and that the checker reads', () => {
    const imported = importUnikraftSource(tree.files, { root: 'unikraft-src' });
    expect(imported.plan.libraries['posix-fdtab']).toEqual({
      initcalls: [
        { fn: 'init_posix_fdtab', level: 'lib', prio: 0, note: 'lib/posix-fdtab/fdtab.c:10' },
        { level: 'rootfs', prio: 9, term: 'term_posix_fdtab', note: 'lib/posix-fdtab/fdtab.c:18' },
      ],
    });
    const text = writePlan(imported);
    expect(parse(text)).toEqual(imported.plan);
    const { compiled, diagnostics: compileDiagnostics } = compile(loadPlanText('src.yaml', text));
    expect(compiled).not.toBeNull();
    // The dropped entry is the checker's to report, pointing at devfs's registration.
    const all = [...compileDiagnostics, ...check(compiled!)];
    expect(all.some((d) => (d.subjects ?? []).some((s) => s.includes('devfs_register_stdout')) || d.message.includes('devfs_register_stdout'))).toBe(true);
  });
});

describe('importUnikraftSource on a hostile tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'bootplan-src-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  cpSync(TREE, root, { recursive: true });
  mkdirSync(join(root, 'lib/weird'), { recursive: true });
  writeFileSync(join(root, 'lib/weird/latin1.c'), Buffer.concat([
    Buffer.from('/* caf\xe9 \xff\xfe */\n', 'latin1'),
    Buffer.from('UK_CTOR_PRIO(bad_prio_ctor, 12);\nUK_CTOR_PRIO(expr_ctor, 1 + 1);\nuk_lib_initcall_prio(too_late, 0x0, UK_PRIO_AFTER(9));\n'),
    Buffer.from('uk_sys_initcall_prio(broken, 0x0, 3', 'utf8'),
  ]));
  writeFileSync(join(root, 'lib/weird/huge.c'), `int x = ${'1+'.repeat(500_000)}1;\nuk_late_initcall_prio(after_huge, 0x0, 7);\n`);
  writeFileSync(join(root, 'lib/weird/strings.c'), 'const char *s = "unterminated;\nchar c = \'"\';\nuk_plat_initcall_prio(after_strings, 0, 2);\n#define FOO(x) \\\n  uk_lib_initcall_prio(x, 0, 1)\n');
  writeFileSync(join(root, 'lib/weird/bad-args.c'), 'uk_rootfs_initcall_prio(only_one);\nuk_initcall_class_prio(a, b, UK_INIT_CLASS_NOPE, 1);\n');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git/ignored.c'), 'UK_CTOR_PRIO(from_git, 1);\n');
  symlinkSync('..', join(root, 'lib/weird/loop'));
  symlinkSync('latin1.c', join(root, 'lib/weird/alias.c'));
  symlinkSync('does-not-exist.c', join(root, 'lib/weird/dangling.c'));

  const tree = readSourceTree(root, { maxFileBytes: 512 * 1024 });
  const imported = importUnikraftSource(tree.files, { root });
  const fns = Object.values(imported.plan.libraries).flatMap((l) => [...(l.ctors ?? []), ...(l.initcalls ?? [])]);

  it('skips symlinks and oversized files with a diagnostic, never follows a loop', () => {
    expect(tree.diagnostics.map((d) => d.code).sort()).toEqual(['IMPORT_FILE_TOO_LARGE', 'IMPORT_SYMLINK_SKIPPED']);
    expect(tree.diagnostics.find((d) => d.code === 'IMPORT_SYMLINK_SKIPPED')!.message).toMatch(/^3 symbolic link/);
    expect(tree.files.some((f) => f.path.startsWith('.git/'))).toBe(false);
  });

  it('keeps out-of-range and unpasteable priorities as raw tokens', () => {
    const prio = (fn: string) => fns.find((e) => e.fn === fn)?.prio;
    expect(prio('bad_prio_ctor')).toBe('12');
    expect(prio('expr_ctor')).toBe('1 + 1');
    expect(prio('too_late')).toBe('UK_PRIO_AFTER(9)');
    const bad = imported.diagnostics.filter((d) => d.code === 'IMPORT_BAD_PRIO').map((d) => d.message);
    expect(bad.some((m) => m.includes('out of range'))).toBe(true);
    expect(bad.some((m) => m.includes('after 9'))).toBe(true);
  });

  it('reads past unterminated strings and skips bad argument lists', () => {
    expect(fns.find((e) => e.fn === 'after_strings')).toMatchObject({ level: 'plat', prio: 2 });
    expect(fns.some((e) => e.fn === 'broken' || e.fn === 'only_one' || e.fn === 'x')).toBe(false);
    expect(imported.diagnostics.filter((d) => d.code === 'IMPORT_BAD_REGISTRATION').map((d) => d.location?.line)).toEqual([1, 2]);
  });

  it('reports an unreadable root instead of throwing', () => {
    expect(readSourceTree(join(root, 'nope')).diagnostics.map((d) => d.code)).toEqual(['IMPORT_NOT_A_FOLDER']);
    expect(readSourceTree(join(root, 'lib/vfscore/main.c')).diagnostics.map((d) => d.code)).toEqual(['IMPORT_NOT_A_FOLDER']);
  });

  it.skipIf(process.getuid?.() === 0)('skips files it may not read', async () => {
    const { chmodSync } = await import('node:fs');
    const locked = join(root, 'lib/weird/locked.c');
    writeFileSync(locked, 'UK_CTOR(x);');
    chmodSync(locked, 0);
    expect(readSourceTree(root).diagnostics.map((d) => d.code)).toContain('IMPORT_UNREADABLE_FILE');
    chmodSync(locked, 0o644);
  });
});

describe('libraryFor', () => {
  it.each([
    ['lib/posix-fdtab/fdtab.c', 'posix-fdtab'],
    ['lib/vfscore/include/vfscore/mount.h', 'vfscore'],
    ['drivers/virtio/9p/virtio_9p.c', 'virtio-9p'],
    ['drivers/ukbus/pci/pci_bus.c', 'ukbus-pci'],
    ['drivers/ukconsole/include/uk/console.h', 'ukconsole'],
    ['plat/kvm/x86/setup.c', 'plat-kvm'],
    ['arch/x86/ectx.c', 'arch-x86'],
    ['.unikraft/libs/lwip/init.c', 'lwip'],
    ['.unikraft/unikraft/lib/ukboot/boot.c', 'ukboot'],
    ['main.c', 'app'],
    ['src/app.c', 'src'],
  ])('%s → %s', (path, lib) => {
    expect(libraryFor(path)).toBe(lib);
  });
});

describe('importUnikraftSource at scale', () => {
  it('reads a tree of 4,000 files, wrappers defined twice included', () => {
    const files = [{ path: 'include/uk/reg.h', text: '#ifdef CONFIG_ARM\n#define REG(f) /* nothing on arm */\n#else\n#define REG(f) uk_lib_initcall_prio(f, 0x0, 3)\n#endif\n' }];
    for (let i = 0; i < 4000; i++) {
      const body = Array.from({ length: 40 }, (_, j) => `static int f${i}_${j}(void) { return ${j}; } /* ${'x'.repeat(60)} */`).join('\n');
      files.push({ path: `lib/l${i % 200}/f${i}.c`, text: `#include <uk/init.h>\n${body}\n${i % 10 === 0 ? `REG(init_${i});\nUK_CTOR_PRIO(ctor_${i}, 2);\n` : ''}` });
    }
    const { registrations } = scanUnikraftSource(files);
    expect(registrations).toHaveLength(800);
    expect(registrations.find((r) => r.fn === 'init_0')).toMatchObject({ level: 'lib', prio: 3, via: 'REG' });
  });
});
