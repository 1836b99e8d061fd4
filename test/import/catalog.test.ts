import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCatalogNames, factReference, loadCatalog, parseCatalog } from '../../import/catalog.js';
import { findProfile } from '../../compiler/index.js';

const file = (name: string) => fileURLToPath(new URL(`../fixtures/infer/catalogs/${name}`, import.meta.url));

describe('the bundled Unikraft catalog', () => {
  const { catalog, diagnostics } = loadCatalog('unikraft');

  it('loads without a problem and names only capabilities the profile or the catalog defines', () => {
    expect(diagnostics).toEqual([]);
    const profile = findProfile('unikraft@0.17');
    if (!('profile' in profile)) throw new Error(profile.error);
    expect(checkCatalogNames(catalog!, profile.profile.capabilities.map((c) => c.name))).toEqual([]);
  });

  it('knows the heap, the scheduler, IRQs, time, random, paths, the fd table and the devices', () => {
    const uses = (name: string) => catalog!.calls.lookup(name)?.uses;
    expect(uses('uk_malloc')).toEqual(['alloc']);
    expect(uses('strdup')).toEqual(['alloc']);
    expect(uses('uk_sched_yield')).toEqual(['sched']);
    expect(uses('uk_sched_thread_create_fn1')).toEqual(['sched', 'alloc']);
    expect(uses('uk_intctlr_irq_register')).toEqual(['irq', 'alloc']);
    expect(uses('ukplat_monotonic_clock')).toEqual(['time']);
    expect(uses('uk_random_fill_buffer')).toEqual(['random']);
    expect(uses('uk_fdtab_open')).toEqual(['fdtab']);
    expect(uses('uk_syscall_r_dup2')).toEqual(['fdtab']);
    expect(uses('uk_netdev_count')).toEqual(['devices']);
    expect(catalog!.calls.lookup('mkdir')).toMatchObject({ path: 0, creates: true });
    expect(catalog!.calls.lookup('uk_syscall_r_mount')).toMatchObject({ mountTarget: 1 });
    expect(catalog!.calls.lookup('uk_pr_info')).toBeUndefined();
    expect(catalog!.registrations.lookup('init_posix_fdtab')?.provides).toEqual(['fdtab']);
    expect(catalog!.registrations.lookup('devfs_automount')?.effects).toEqual([{ mount: { dev: 'devfs', at: '/dev', fs: 'devfs' } }]);
  });

  it('an exact name wins over a glob, a longer glob over a shorter one', () => {
    expect(catalog!.calls.lookup('uk_netdev_drv_register')?.uses).toEqual(['alloc']);
    expect(catalog!.calls.lookup('uk_sched_thread_create_fn2')?.name).toBe('uk_sched_thread_create_fn*');
    expect(catalog!.calls.lookup('uk_sched_start')?.name).toBe('uk_sched_*');
  });

  it('refers to each fact by the catalog line and the upstream line', () => {
    const fact = catalog!.calls.lookup('uk_malloc')!;
    expect(factReference(catalog!, fact)).toBe(`specs/catalogs/unikraft.yaml:${fact.line} (unikraft/unikraft lib/ukalloc/include/uk/alloc.h:148)`);
    const other = parseCatalog('o.yaml', 'catalog: 1\nsystem: unikraft\nupstream: unikraft/unikraft\ncalls:\n  f: { source: unikraft/lib-lwip init.c:465 }\n').catalog!;
    expect(factReference(other, other.calls.lookup('f')!)).toBe('o.yaml:5 (unikraft/lib-lwip init.c:465)');
  });
});

describe('a user catalog merged over the bundled one', () => {
  const { catalog, diagnostics } = loadCatalog('unikraft', [file('mylib.yaml')]);

  it('adds facts and capabilities and replaces facts of the same name', () => {
    expect(diagnostics).toEqual([]);
    expect(catalog!.files).toEqual(['specs/catalogs/unikraft.yaml', file('mylib.yaml')]);
    expect(catalog!.capabilities['mylib-pool']).toContain('object pool');
    expect(catalog!.capabilities.fdtab).toBeDefined();
    expect(catalog!.calls.lookup('mylib_pool_get')?.uses).toEqual(['mylib-pool']);
    expect(catalog!.calls.lookup('mylib_pool_create')?.uses).toEqual(['alloc']);
    expect(catalog!.calls.lookup('uk_free')).toMatchObject({ uses: [], file: file('mylib.yaml'), line: 10 });
    expect(catalog!.calls.lookup('uk_malloc')?.file).toBe('specs/catalogs/unikraft.yaml');
    expect(catalog!.registrations.lookup('mylib_init')).toMatchObject({ provides: ['mylib-pool'], effects: [{ log: { msg: 'mylib up' } }] });
  });

  it('says where a user fact comes from in the user\'s upstream', () => {
    expect(factReference(catalog!, catalog!.registrations.lookup('mylib_init')!)).toBe(`${file('mylib.yaml')}:12 (example/lib-mylib init.c:88)`);
  });
});

describe('bad catalogs are diagnostics with file:line, never a crash', () => {
  const codesAndLines = (ds: { code: string; location?: { line: number } }[]) => ds.map((d) => [d.code, d.location?.line]);

  it('reports each shape error at its line', () => {
    const { catalog, diagnostics } = loadCatalog('unikraft', [file('bad-shape.yaml')]);
    expect(catalog).not.toBeNull(); // the bundled catalog is still there
    expect(catalog!.registrations.lookup('mylib_init')).toBeUndefined();
    expect(codesAndLines(diagnostics).sort()).toEqual([['IMPORT_BAD_CATALOG', 4], ['IMPORT_BAD_CATALOG', 5], ['IMPORT_BAD_CATALOG', 7]]);
    expect(diagnostics.every((d) => d.severity === 'error' && d.location?.file === file('bad-shape.yaml'))).toBe(true);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/unknown key `provide`/);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/missing `source`/);
  });

  it('reports YAML that does not parse, a missing file, an unknown effect, a foreign system', () => {
    expect(codesAndLines(parseCatalog('x.yaml', 'catalog: 1\nsystem: [unikraft\n').diagnostics)[0]).toEqual(['IMPORT_BAD_CATALOG', 3]);
    expect(codesAndLines(parseCatalog('x.yaml', 'catalog: 1\ncatalog: 2\nsystem: a\n').diagnostics)[0]![0]).toBe('IMPORT_BAD_CATALOG');
    expect(codesAndLines(parseCatalog('x.yaml', 'a: &x [1]\nb: *x\n').diagnostics)[0]![0]).toBe('IMPORT_BAD_CATALOG');
    const missing = loadCatalog('unikraft', ['/nonexistent/catalog.yaml']);
    expect(missing.catalog).not.toBeNull();
    expect(missing.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('ENOENT')]);
    const effect = parseCatalog('e.yaml', 'catalog: 1\nsystem: unikraft\nregistrations:\n  f: { effects: [{ explode: {} }], source: a.c:1 }\n');
    expect(codesAndLines(effect.diagnostics)).toEqual([['IMPORT_BAD_CATALOG', 4]]);
    const other = loadCatalog('unikraft', ['z.yaml'], (p) => (p === 'z.yaml' ? 'catalog: 1\nsystem: linux\n' : parseable(p)));
    expect(other.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('not `unikraft`')]);
    expect(loadCatalog('nosuchsystem').catalog).toBeNull();
  });

  it('warns about capabilities nobody defines', () => {
    const { catalog } = parseCatalog('w.yaml', 'catalog: 1\nsystem: unikraft\ncalls:\n  f: { uses: [alloc, heap], source: a.c:1 }\n');
    expect(codesAndLines(checkCatalogNames(catalog!, ['alloc']))).toEqual([['IMPORT_BAD_CATALOG', 4]]);
  });
});

function parseable(path: string): string {
  return readFileSync(path, 'utf8');
}
