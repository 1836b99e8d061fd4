import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { inferDependencies } from '../../../import/infer/index.js';
import { bundledCatalog, fixture, inferFixture, registered } from './helpers.js';

describe('inferDependencies: a constructor that allocates through a static helper', async () => {
  const result = await inferFixture('ctor-alloc');
  const ctor = result.entries.get('foo.foo_ctor')!;
  const init = result.entries.get('foo.foo_init')!;

  it('says the constructor uses alloc, with the call, the chain and the catalog fact', () => {
    expect(ctor.uses).toEqual(['alloc']);
    expect(ctor.evidence).toEqual([{
      uses: 'alloc',
      at: 'lib/foo/foo.c:10',
      call: 'uk_malloc',
      via: ['foo_setup (lib/foo/foo.c:8)'],
      fact: expect.stringMatching(/^specs\/catalogs\/unikraft\.yaml:\d+ \(unikraft\/unikraft lib\/ukalloc\/include\/uk\/alloc\.h:148\)$/),
    }]);
  });

  it('follows calls into other files and through a local function pointer', () => {
    expect(init.uses).toEqual(['alloc', 'sched']);
    const alloc = init.evidence.find((e) => e.uses === 'alloc')!;
    expect(alloc).toMatchObject({ at: 'lib/foo/buffers.c:7', call: 'calloc', via: ['foo_buffers_init (lib/foo/buffers.c:5)'] });
    const sched = init.evidence.find((e) => e.uses === 'sched')!;
    expect(sched).toMatchObject({ at: 'lib/foo/foo.c:23', call: 'uk_sched_thread_create', via: ['foo_worker (lib/foo/foo.c:21)'] });
    expect(init.unresolved).toEqual([]);
  });

  it('counts what it read', () => {
    expect(result.stats).toMatchObject({ filesParsed: 2, functionsIndexed: 5, unresolvedCalls: 0, filesWithParseErrors: 0 });
    expect(result.stats.callsFollowed).toBe(3);
    expect(result.diagnostics).toEqual([]);
  });

  it('gives the checker a pre-init-use to prove, naming the constructor', () => {
    const plan = {
      bootplan: 1,
      name: 'ctor-alloc',
      profile: 'unikraft@0.17',
      target: 'qemu/x86_64',
      libraries: {
        foo: {
          ctors: [{ fn: 'foo_ctor', prio: 3, uses: ctor.uses }],
          initcalls: [{ fn: 'foo_init', level: 'lib', prio: 9, uses: init.uses }],
        },
      },
    };
    const { compiled, diagnostics } = compile(loadPlanText('ctor-alloc.yaml', stringify(plan)));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const found = check(compiled!);
    const preInit = found.filter((d) => d.code === 'pre-init-use');
    expect(preInit.map((d) => d.subjects)).toEqual([expect.arrayContaining(['foo.foo_ctor'])]);
    expect(found.some((d) => d.severity === 'error' && d.subjects?.includes('foo.foo_init'))).toBe(false);
  });
});

describe('inferDependencies: mounts and absolute paths', async () => {
  const result = await inferFixture('mounts');
  const early = result.entries.get('mydev.mydev_mount')!;
  const consoleEntry = result.entries.get('mydev.mydev_console')!;
  const devfs = result.entries.get('devfs.devfs_automount')!;
  const automount = result.entries.get('vfscore.vfscore_automount')!;

  it('an initcall that mounts /dev needs / mounted, and gets the mount effect (not mount:/dev by hand)', () => {
    expect(early.uses).toEqual(['alloc', 'mount:/', 'vfs']);
    expect(early.provides).toEqual([]);
    expect(early.effects).toEqual([{ mount: { dev: 'devfs', at: '/dev', fs: 'devfs' } }]);
    expect(early.evidence.find((e) => e.uses === 'mount:/')).toMatchObject({ at: 'lib/mydev/mydev.c:8', call: 'mkdir', via: [] });
    expect(early.evidence.find((e) => e.effect === 'mount')).toMatchObject({ at: 'lib/mydev/mydev.c:10', call: 'mount' });
  });

  it('opening a file under /dev needs the mount that holds it', () => {
    expect(consoleEntry.uses).toEqual(['fdtab', 'mount:/dev', 'vfs']);
  });

  it('takes mount points the importer knows (an fstab) into account', async () => {
    const { files, functions } = registered(fixture('mounts'));
    const withFstab = await inferDependencies({ profile: 'unikraft@0.17', files, functions, mountPoints: ['/dev/'] }, bundledCatalog());
    expect(withFstab.entries.get('mydev.mydev_console')!.uses).toEqual(['fdtab', 'mount:/dev', 'vfs']);
    const onlyDevfs = await inferDependencies({ profile: 'unikraft@0.17', files: files.filter((f) => !f.path.startsWith('lib/devfs/')), functions: functions.filter((f) => f.id === 'mydev.mydev_console') }, bundledCatalog());
    expect(onlyDevfs.entries.get('mydev.mydev_console')!.uses).toEqual(['fdtab', 'mount:/', 'vfs']);
  });

  it('the well-known entries get their effects from the catalog', () => {
    expect(devfs.effects).toEqual([{ mount: { dev: 'devfs', at: '/dev', fs: 'devfs' } }]);
    expect(devfs.uses).toContain('mount:/');
    expect(devfs.uses).not.toContain('mount:/dev');
    expect(devfs.evidence.find((e) => e.effect === 'mount')).toMatchObject({ at: 'lib/devfs/devfs_vnops.c:11', call: 'devfs_automount', via: [] });
    expect(automount.effects).toEqual([{ mount: { from: 'fstab' } }]);
    expect(automount.uses).toEqual(['libparam']);
  });

  it('gives the checker the early mount to find: / is mounted only at rootfs 4', () => {
    const entry = (fn: string, prio: number, e: { uses: string[]; provides: string[]; effects: object[] }) => ({
      fn, level: 'rootfs', prio,
      ...(e.uses.length ? { uses: e.uses } : {}), ...(e.provides.length ? { provides: e.provides } : {}), ...(e.effects.length ? { effects: e.effects } : {}),
    });
    const plan = {
      bootplan: 1,
      name: 'mounts',
      profile: 'unikraft@0.17',
      target: 'qemu/x86_64',
      cmdline: 'vfs.fstab=["none:/:ramfs"] --',
      libraries: {
        vfscore: { ctors: [{ fn: 'vfscore_init', prio: 1, provides: ['vfs'] }], initcalls: [entry('vfscore_automount', 4, automount)] },
        posix: { initcalls: [{ fn: 'init_posix_fdtab', level: 'lib', prio: 0, provides: ['fdtab'] }] },
        mydev: { initcalls: [entry('mydev_mount', 2, early), entry('mydev_console', 6, consoleEntry)] },
      },
    };
    const { compiled, diagnostics } = compile(loadPlanText('mounts.yaml', stringify(plan)));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const errors = check(compiled!).filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => d.subjects?.includes('mydev.mydev_mount'))).toBe(true);
    expect(errors.map((d) => d.code)).toEqual(['mount-before-mounted']);
  });
});

describe('inferDependencies: shapes that must not break it', async () => {
  const result = await inferFixture('shapes');
  const codes = (code: string) => result.diagnostics.filter((d) => d.code === code);

  it('notes recursion once per entry and still finds what the recursive functions call', () => {
    const entry = result.entries.get('shapes.shapes_recursion')!;
    expect(entry.uses).toEqual(['alloc']);
    expect(entry.evidence[0]!.via).toEqual(['walk_tree (lib/shapes/recursion.c:11)']);
    const notes = codes('IMPORT_RECURSION');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.location).toMatchObject({ file: 'lib/shapes/recursion.c' });
  });

  it('stops at the depth bound with a note, and follows further when allowed', async () => {
    expect(result.entries.get('shapes.shapes_deep')!.uses).toEqual([]);
    const bound = codes('IMPORT_DEPTH_BOUND');
    expect(bound).toHaveLength(1);
    expect(bound[0]!.location).toMatchObject({ file: 'lib/shapes/deep.c' });
    const deeper = await inferFixture('shapes', 10);
    const entry = deeper.entries.get('shapes.shapes_deep')!;
    expect(entry.uses).toEqual(['alloc', 'irq']);
    expect(entry.evidence[0]!.via).toHaveLength(10);
    expect(entry.evidence[0]!.via[0]).toBe('level1 (lib/shapes/deep.c:49)');
    expect(deeper.diagnostics.some((d) => d.code === 'IMPORT_DEPTH_BOUND')).toBe(false);
  });

  it('follows pointers assigned in the function, lists the others as unresolved', () => {
    const entry = result.entries.get('shapes.shapes_pointers')!;
    expect(entry.uses).toEqual(['time']);
    expect(entry.evidence[0]).toMatchObject({ call: 'ukplat_monotonic_clock', via: ['shapes_probe_impl (lib/shapes/pointers.c:10)'] });
    expect(entry.unresolved).toEqual(['lib/shapes/pointers.c:23: hook(...)', 'lib/shapes/pointers.c:24: ->start(...)']);
    expect(codes('IMPORT_UNRESOLVED_CALL').map((d) => d.location?.line)).toEqual([27]);
  });

  it('follows a static inline function of a header into the files that include it', () => {
    const entry = result.entries.get('shapes.shapes_inline')!;
    expect(entry.uses).toEqual(['sched']);
    expect(entry.evidence[0]).toMatchObject({ at: 'lib/shapes/include/shapes/inline.h:5', call: 'uk_sched_yield', via: ['shapes_yield (lib/shapes/include/shapes/inline.h:3)'] });
  });

  it('notes a function defined twice (a whole tree holds alternatives)', () => {
    const twice = codes('IMPORT_DUPLICATE_FUNCTION');
    expect(twice).toHaveLength(1);
    expect(twice[0]!.location).toMatchObject({ file: 'lib/shapes/twice-b.c', line: 3 });
    expect(twice[0]!.severity).toBe('note');
  });

  it('a function defined twice in a configured build is a warning', async () => {
    const { files, functions } = registered(fixture('shapes'));
    const configured = await inferDependencies({ profile: 'unikraft@0.17', files, functions, configured: true }, bundledCatalog());
    expect(configured.diagnostics.filter((d) => d.code === 'IMPORT_DUPLICATE_FUNCTION').map((d) => d.severity)).toEqual(['warning']);
  });

  it('reads around C it cannot parse, with the first place and a count', () => {
    const parse = codes('IMPORT_PARSE_ERROR');
    expect(parse).toHaveLength(1);
    expect(parse[0]!.location).toMatchObject({ file: 'lib/shapes/broken.c', line: 12 });
    expect(result.entries.get('shapes.shapes_broken')!.uses).toEqual(['alloc']);
    expect(result.stats.filesWithParseErrors).toBe(1);
  });
});

describe('inferDependencies on input no tree has', () => {
  const catalog = bundledCatalog();

  it('skips a file larger than the bound with a note', async () => {
    const text = `static int big(void) { return uk_malloc(0, 1) != 0; }\n${'/* padding */\n'.repeat(100)}`;
    const result = await inferDependencies({ profile: 'unikraft@0.17', files: [{ path: 'lib/big/big.c', text }], functions: [{ id: 'big.big', fn: 'big', file: 'lib/big/big.c', line: 1, role: 'ctor' }] }, catalog, { maxFileBytes: 200 });
    expect(result.diagnostics.map((d) => [d.code, d.location?.file])).toEqual([['IMPORT_FILE_TOO_LARGE', 'lib/big/big.c'], ['IMPORT_FUNCTION_NOT_FOUND', 'lib/big/big.c']]);
    expect(result.entries.get('big.big')!.uses).toEqual([]);
  });

  it('never throws on bytes that are not C', async () => {
    const junk = ['\u0000\u0001{{{{', ')'.repeat(5000), '#if\n#else\n#endif\n#endif', 'int f(){'.repeat(2000), '"unterminated', `int g(void)\n{${'{'.repeat(100_000)}${'}'.repeat(100_000)}}`];
    const result = await inferDependencies({ profile: 'unikraft@0.17', files: junk.map((text, i) => ({ path: `j${i}.c`, text })), functions: [{ id: 'x.f', fn: 'f', file: 'j3.c', line: 1, role: 'initcall' }] }, catalog);
    expect(result.entries.get('x.f')).toBeDefined();
    expect(result.diagnostics.some((d) => d.code === 'IMPORT_PARSE_ERROR')).toBe(true);
    // Nesting no real C has is refused up front (tree-sitter's queries slow down sharply there).
    expect(result.diagnostics.find((d) => d.location?.file === 'j5.c')).toMatchObject({ code: 'IMPORT_PARSE_ERROR', severity: 'warning', location: { line: 2, column: 1001 } });
  });
});

describe('inferDependencies: printing from a constructor', async () => {
  const result = await inferFixture('ctor-printk');

  it('needs nothing through the printk timestamp (the clock reads 0 before time exists), but a direct clock read uses time', () => {
    expect(result.entries.get('bar.bar_ctor')!.uses).toEqual([]);
    expect(result.entries.get('bar.bar_clock_ctor')!.uses).toEqual(['time']);
  });
});
