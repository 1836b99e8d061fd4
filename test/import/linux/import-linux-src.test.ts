import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { importLinux } from '../../../import/linux/import-linux.js';
import type { PlanEntryObject } from '../../../import/plan-object.js';
import { writePlan } from '../../../import/write-plan.js';
import { fixtureMap, TREE, tree } from './fixture-tree.js';

async function imported(mapName = 'System.map', evidence: 'note' | 'field' = 'note') {
  return importLinux({ systemMap: fixtureMap(mapName), src: { files: tree.files, root: 'tree' }, evidence });
}

function entry(plan: Awaited<ReturnType<typeof imported>>['plan'], fn: string): PlanEntryObject {
  return Object.values(plan.libraries).flatMap((l) => l.initcalls ?? []).find((e) => e.fn === fn)!;
}

describe('import linux --src on a small Linux-like tree', () => {
  it('reads the tree', () => {
    expect(tree.diagnostics).toEqual([]);
    expect(tree.files.length).toBeGreaterThan(8);
    expect(TREE.endsWith('tree')).toBe(true);
  });

  it('names the macro, file and line of every initcall', async () => {
    const { plan } = await imported();
    expect(entry(plan, 'foo_bus_init').note).toContain('postcore_initcall(foo_bus_init) at drivers/base/foo-bus.c:24');
    expect(entry(plan, 'qux_dev_init').note).toContain('module_misc_device(qux_dev) at drivers/char/qux.c:11');
    expect(entry(plan, 'plat_driver_init').note).toContain('module_platform_driver(plat_driver) at drivers/plat/plat-drv.c:9');
  });

  it('infers buses, drivers, classes, filesystems, crypto, workqueues and caches from the calls', async () => {
    const { plan } = await imported();
    expect(entry(plan, 'foo_bus_init')).toMatchObject({ uses: ['driver-core'], provides: ['bus:foo_bus_type'] });
    expect(entry(plan, 'bar_init')).toMatchObject({ uses: ['alloc', 'bus:foo_bus_type'] });
    expect(entry(plan, 'misc_init').provides).toEqual(['class:misc']);
    expect(entry(plan, 'qux_dev_init').uses).toEqual(['class:misc']);
    expect(entry(plan, 'widget_class_init').provides).toEqual(['class:widget_class']);
    expect(entry(plan, 'widget_dev_init').uses).toEqual(['class:widget_class']);
    expect(entry(plan, 'init_myfs')).toMatchObject({ uses: ['alloc', 'vfs'], provides: ['kmem_cache:myfs_inode', 'fs:myfs'] });
    expect(entry(plan, 'mysha_mod_init').provides).toEqual(['crypto:mysha']);
    expect(entry(plan, 'mywq_init').provides).toEqual(['workqueue:my_wq']);
    expect(entry(plan, 'mywq_user_init').uses).toEqual(['workqueue:my_wq']);
    expect(entry(plan, 'plat_driver_init').uses).toEqual(['driver-core']);
  });

  it('shows the evidence: the call, its line and the helper it came through', async () => {
    const { plan } = await imported();
    expect(entry(plan, 'bar_init').note).toContain('uses bus:foo_bus_type: drivers/bar/bar.c:22 calls driver_register (via bar_setup (drivers/bar/bar.c:17))');
    expect(entry(plan, 'bar_init').note).toContain('drivers/bar/bar.c:28: ops->probe(...) — a call through a pointer');
  });

  it('writes the evidence as data when asked (plan language 1.1)', async () => {
    const { plan } = await imported('System.map', 'field');
    expect(plan.bootplan).toBe(1.1);
    const ev = entry(plan, 'bar_init').evidence!;
    expect(ev.find((e) => e.uses === 'bus:foo_bus_type')).toEqual({
      uses: 'bus:foo_bus_type',
      at: 'drivers/bar/bar.c:22',
      call: 'driver_register',
      via: ['bar_setup (drivers/bar/bar.c:17)'],
      fact: expect.stringContaining('specs/catalogs/linux.yaml driver_register: torvalds/linux@v6.1 drivers/base/driver.c'),
    });
  });

  it('gives check requirements to prove, and it proves them', async () => {
    const text = writePlan(await imported());
    const { compiled, diagnostics } = compile(loadPlanText('linux.yaml', text));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const between = compiled!.edges.filter((e) => !e.from.startsWith('step:') && compiled!.entries.some((x) => x.id === e.from));
    const names = between.map((e) => `${e.from} -> ${e.to}`);
    expect(names).toEqual(expect.arrayContaining([
      'foo_bus.foo_bus_init -> bar.bar_init',
      'misc.misc_init -> qux.qux_dev_init',
      'widget.widget_class_init -> widget-2.widget_dev_init',
      'mywq.mywq_init -> mywq.mywq_user_init',
    ]));
    expect(between.every((e) => e.status === 'proven')).toBe(true);
    expect(check(compiled!).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('finds a driver registered at a level before its bus', async () => {
    const { compiled } = compile(loadPlanText('linux.yaml', writePlan(await imported('System.map.early-driver'))));
    const errors = check(compiled!).filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.subjects])).toEqual([['use-before-provide', expect.arrayContaining(['early_drv.early_drv_init', 'foo_bus.foo_bus_init'])]]);
    expect(errors[0]!.message).toContain('bus:foo_bus_type');
  });

  it('imports the same bytes twice', async () => {
    expect(writePlan(await imported())).toBe(writePlan(await imported()));
  });
});
