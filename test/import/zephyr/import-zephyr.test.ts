import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { readSourceTree } from '../../../import/source-tree.js';
import { readZephyrBuild } from '../../../import/zephyr/build-dir.js';
import { readDevicetree } from '../../../import/zephyr/devicetree.js';
import { readElf } from '../../../import/zephyr/elf.js';
import { importZephyrBuild } from '../../../import/zephyr/import-zephyr.js';
import { objectStem, readInitTable } from '../../../import/zephyr/map.js';
import type { PlanEntryObject, PlanObject } from '../../../import/plan-object.js';
import { writePlan } from '../../../import/write-plan.js';
import { writeElf32 } from '../../helpers/elf.js';
import { zephyrBuild } from '../../helpers/zephyr-builds.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/zephyr-build/', import.meta.url));
const app = readSourceTree(join(FIXTURES, 'app'));

async function importBuild(folder: 'nucleo' | 'nucleo-bad-prio', withSources = false) {
  const build = readZephyrBuild(zephyrBuild(folder));
  expect(build.diagnostics).toEqual([]);
  return importZephyrBuild({ ...build.inputs!, name: folder, ...(withSources ? { src: { files: app.files, root: 'app' } } : {}) });
}

function entries(plan: PlanObject): PlanEntryObject[] {
  return Object.values(plan.libraries).flatMap((l) => l.initcalls ?? []);
}

function checked(text: string) {
  const { compiled, diagnostics } = compile(loadPlanText('zephyr.yaml', text));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { compiled: compiled!, findings: check(compiled!) };
}

describe('readInitTable', () => {
  it('reads every init section of the map in address order, placement on the next line', () => {
    const table = readInitTable(readZephyrBuild(join(FIXTURES, 'nucleo')).inputs!.map.text);
    expect(table.diagnostics).toEqual([]);
    expect(table.entrySize).toBe(8);
    expect(table.sections.map((s) => `${s.level}/${s.prio}/${s.sub}`)).toEqual([
      'EARLY/0/0', 'PRE_KERNEL_1/1/2', 'PRE_KERNEL_1/40/3', 'PRE_KERNEL_1/40/5', 'PRE_KERNEL_1/40/6', 'PRE_KERNEL_1/50/7',
      'PRE_KERNEL_1/60/0', 'PRE_KERNEL_1/70/0', 'PRE_KERNEL_2/0/0', 'POST_KERNEL/0/0', 'POST_KERNEL/50/8', 'POST_KERNEL/90/9', 'APPLICATION/0/0',
    ]);
    expect(table.sections[3]).toMatchObject({ address: 0x08005a40n, size: 8, object: 'zephyr/drivers/gpio/libdrivers__gpio.a(gpio_stm32.c.obj)' });
  });

  it('reads the 3.5 and pre-3.5 section names and the one-line placement', () => {
    const table = readInitTable([
      ' .z_init_PRE_KERNEL_130_0_ 0x00001000        0x8 libkernel.a(mem_slab.c.obj)',
      ' .z_init_POST_KERNEL40_',
      '                0x00001008       0x10 libapp.a(main.c.obj)',
      ' .z_init_PRE_KERNEL_P_5_SUB_00012_',
      '                0x00001018        0x8 libdrivers__gpio.a(gpio.c.obj)',
    ].join('\n'));
    expect(table.sections.map((s) => [s.level, s.prio, s.sub, s.size])).toEqual([
      ['PRE_KERNEL_1', 30, 0, 8],
      ['POST_KERNEL', 40, null, 16],
      ['PRE_KERNEL_1', 5, 12, 8],
    ]);
  });

  it('warns about a damaged section line with its line, and fails a map with none', () => {
    const table = readInitTable(' .z_init_POST_KERNEL_P_x_SUB_0_ garbage\n .z_init_APPLICATION_P_1_SUB_0_\n  not a placement\n', 'zephyr.map');
    expect(table.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['IMPORT_ZEPHYR_MAP_LINE', 1],
      ['IMPORT_ZEPHYR_MAP_LINE', 2],
      ['IMPORT_ZEPHYR_MAP', 1],
    ]);
  });

  it('names libraries after the object file', () => {
    expect(objectStem('zephyr/drivers/i2c/libdrivers__i2c.a(i2c_ll_stm32.c.obj)')).toBe('i2c_ll_stm32');
    expect(objectStem('zephyr/CMakeFiles/zephyr_final.dir/isr_tables.c.obj')).toBe('isr_tables');
  });
});

describe('readDevicetree', () => {
  const dt = readDevicetree(readZephyrBuild(join(FIXTURES, 'nucleo')).inputs!.devicetree.text);

  it('reads paths, ordinals, REQUIRES_ORDS continued over lines, labels and compatibles', () => {
    expect(dt.diagnostics).toEqual([]);
    expect(dt.byOrdinal.size).toBe(10);
    expect(dt.byOrdinal.get(8)).toMatchObject({ path: '/soc/i2c@40005400', requires: [1, 2, 4, 6], labels: ['i2c1'], okay: true, compatibles: ['st_stm32_i2c_v1'] });
    expect(dt.byOrdinal.get(0)).toMatchObject({ path: '/', requires: [] });
  });

  it('warns about a define it cannot read, with its line, and fails a header without nodes', () => {
    const bad = readDevicetree('#define DT_N_S_a_PATH "/a"\n#define DT_N_S_a_ORD 1\n#define DT_N_S_a_REQUIRES_ORDS \\\n\tzero, /* / */\n', 'dt.h');
    expect(bad.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['IMPORT_ZEPHYR_DEVICETREE_LINE', 3]]);
    expect(readDevicetree('garbage\n\0\xff', 'dt.h').diagnostics.map((d) => d.code)).toEqual(['IMPORT_ZEPHYR_DEVICETREE']);
  });
});

describe('importZephyrBuild', () => {
  it('gives each device the device: dependencies of the devicetree, and check proves them', async () => {
    const imported = await importBuild('nucleo');
    const i2c = entries(imported.plan).find((e) => e.fn === '__device_dts_ord_8')!;
    expect(i2c).toMatchObject({ level: 'POST_KERNEL', prio: 50, ordinal: 8, uses: ['device:rcc', 'device:gpiob'], provides: ['device:i2c1'] });
    expect(i2c.note).toContain('/soc/i2c@40005400 (i2c1)');
    const { compiled, findings } = checked(writePlan(imported));
    expect(findings.filter((d) => d.severity === 'error')).toEqual([]);
    const deviceEdges = compiled.edges.filter((e) => e.reason.kind === 'uses' && e.reason.capability.startsWith('device:'));
    expect(deviceEdges).toHaveLength(8);
    expect(deviceEdges.every((e) => e.status === 'proven')).toBe(true);
  });

  it('reports a device whose priority puts it before a device it requires', async () => {
    const { findings } = checked(writePlan(await importBuild('nucleo-bad-prio')));
    const errors = findings.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['use-before-provide']);
    expect(errors[0]!.subjects).toEqual(expect.arrayContaining(['bme280.__device_dts_ord_9', 'i2c_ll_stm32.__device_dts_ord_8']));
  });

  it('with sources: names SYS_INIT entries and finds kernel services used before the kernel', async () => {
    const imported = await importBuild('nucleo', true);
    const early = entries(imported.plan).find((e) => e.fn === 'early_buffers_init')!;
    expect(early).toMatchObject({ level: 'PRE_KERNEL_1', prio: 70, uses: ['alloc'] });
    expect(early.note).toContain('uses alloc: src/early.c:9 calls k_malloc (via setup_pool (src/early.c:7))');
    expect(entries(imported.plan).find((e) => e.fn === 'sensor_shell_init')).toMatchObject({ uses: ['time', 'kernel'] });
    const errors = checked(writePlan(imported)).findings.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.subjects?.[0]])).toEqual([['pre-init-use', 'early.early_buffers_init']]);
  });

  describe('with zephyr.elf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootplan-zephyr-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names every entry by the function its init_fn points at', async () => {
      cpSync(join(FIXTURES, 'nucleo'), dir, { recursive: true });
      const table = readInitTable(readZephyrBuild(dir).inputs!.map.text);
      const names = ['board_pwr_latch_init', 'stm32_clock_control_init', 'stm32_exti_init', 'gpio_stm32_init', 'gpio_stm32_init', 'uart_stm32_init', 'uart_console_init', 'early_buffers_init', 'sys_clock_driver_init', 'enable_shell_uart', 'i2c_stm32_init', 'bme280_init', 'sensor_shell_init'];
      const data = new Uint8Array(8 * table.sections.length);
      const view = new DataView(data.buffer);
      const functions = [...new Set(names)].map((name, i) => ({ name, value: 0x08000101 + 0x40 * i, size: 0x20, type: 'func' as const }));
      table.sections.forEach((_, i) => view.setUint32(8 * i, functions.find((f) => f.name === names[i])!.value, true));
      writeFileSync(join(dir, 'zephyr', 'zephyr.elf'), writeElf32(Number(table.sections[0]!.address), data, functions));
      const build = readZephyrBuild(dir);
      expect(build.diagnostics).toEqual([]);
      const imported = await importZephyrBuild({ ...build.inputs!, name: 'nucleo' });
      expect(entries(imported.plan).map((e) => e.fn)).toEqual(names);
      expect(imported.header.join('\n')).toContain('13 of 13 entries');
    });

    it('falls back to the entry symbol __init_<name> when the pointer names no function', () => {
      const data = new Uint8Array(16);
      const elf = readElf(writeElf32(0x2000, data, [{ name: '__init_sensor_setup', value: 0x2008, size: 8, type: 'object' }, { name: '__init___device_dts_ord_4', value: 0x2000, size: 8, type: 'object' }]));
      expect('image' in elf).toBe(true);
      if (!('image' in elf)) return;
      expect(elf.image.initFunction(0x2008n)).toBe('sensor_setup');
      expect(elf.image.initFunction(0x2000n)).toBeUndefined();
    });

    it('warns and goes on without a damaged ELF', () => {
      writeFileSync(join(dir, 'zephyr', 'zephyr.elf'), 'not an elf');
      const build = readZephyrBuild(dir);
      expect(build.inputs?.elf).toBeUndefined();
      expect(build.diagnostics.map((d) => d.code)).toEqual(['IMPORT_ZEPHYR_ELF']);
      expect(readElf(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, ...new Array(60).fill(0xff)]))).toHaveProperty('error');
    });
  });

  it('says which file is missing from a build folder', () => {
    const build = readZephyrBuild(join(FIXTURES, 'app'));
    expect(build.inputs).toBeNull();
    expect(build.diagnostics.map((d) => d.code)).toEqual(['IMPORT_ZEPHYR_MISSING', 'IMPORT_ZEPHYR_MISSING']);
    expect(readZephyrBuild(join(FIXTURES, 'no-such-build')).diagnostics.map((d) => d.code)).toEqual(['IMPORT_ZEPHYR_MISSING']);
  });
});
