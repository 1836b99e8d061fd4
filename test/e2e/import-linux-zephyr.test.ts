/** bootplan import linux (--log, --src) and import zephyr as a user runs them, bad input included. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zephyrBuild } from '../helpers/zephyr-builds.js';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const SHARED = join(process.cwd(), '..', 'shared', 'fixtures', 'linux-6.1');
const LINUX_SRC = join(process.cwd(), 'test', 'fixtures', 'linux-src');
const ZEPHYR = join(process.cwd(), 'test', 'fixtures', 'zephyr-build');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

describe('bootplan import linux', () => {
  it('--log: the real 6.1 boot gives all 670 entries their cost, and the plan checks', () => {
    const out = join(dir, 'linux-cost.yaml');
    const r = bootplan('import', 'linux', '--system-map', join(SHARED, 'System.map'), '--log', join(SHARED, 'initcall_debug.log'), '-o', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('IMPORT_SUMMARY');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('670 of 670 initcalls ran and have a `cost`');
    expect(text.match(/ cost: \d+us/g)).toHaveLength(670);
    expect(text).toMatch(/fn: unpopulated_init, level: early, cost: 0us, note: line 248; unpopulated_init\+0x0\/0x43; returned -19 in the real boot/);
    expect(bootplan('check', out).code).toBe(0);
  });

  it('--src: the small tree gives edges that check proves, and graph draws them', () => {
    const out = join(dir, 'linux-src.yaml');
    const r = bootplan('import', 'linux', '--system-map', join(LINUX_SRC, 'System.map'), '--src', join(LINUX_SRC, 'tree'), '-o', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('postcore_initcall(foo_bus_init) at drivers/base/foo-bus.c:24');
    expect(bootplan('check', out).code).toBe(0);
    const graph = bootplan('graph', out, '--format', 'dot');
    expect(graph.stdout).toMatch(/"foo_bus\.foo_bus_init" -> "bar\.bar_init"/);
  });

  it('--src: a driver registered before its bus fails check with use-before-provide', () => {
    const out = join(dir, 'linux-early.yaml');
    expect(bootplan('import', 'linux', '--system-map', join(LINUX_SRC, 'System.map.early-driver'), '--src', join(LINUX_SRC, 'tree'), '-o', out).code).toBe(0);
    const r = bootplan('check', out);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/error\[use-before-provide\]: `early_drv\.early_drv_init` \(core\) uses `bus:foo_bus_type`/);
  });

  it('unparsable C in the tree is a warning with file:line, not a crash', () => {
    const tree = join(dir, 'broken-tree');
    write('broken-tree/drivers/a.c', 'static int __init a_init(void)\n{\n\treturn kmalloc(8, 0) @@@ ;\n}\n}}} garbage ((( \ncore_initcall(a_init);\n');
    const map = write('broken.map', 'ffffffff81000000 T _text\nffffffff83000000 t a_init\nffffffff83000100 T _etext\nffffffff832a9000 d __initcall__kmod_a__1_6_a_init1\n');
    const out = join(dir, 'broken.yaml');
    const r = bootplan('import', 'linux', '--system-map', map, '--src', tree, '-o', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning\[IMPORT_C_PARSE\]/);
    expect(r.stderr).toContain(`${tree}/drivers/a.c:3:`);
    expect(readFileSync(out, 'utf8')).toContain('core_initcall(a_init) at drivers/a.c:6');
  });

  it('bad input: a garbage log, a missing tree, a garbage map — exit 2, a located diagnostic, nothing written', () => {
    const out = join(dir, 'never.yaml');
    const garbage = write('garbage.log', 'this is not\na boot log\n\u0000\u00ff');
    const log = bootplan('import', 'linux', '--system-map', join(LINUX_SRC, 'System.map'), '--log', garbage, '-o', out);
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/error\[IMPORT_LOG_EMPTY\]/);
    expect(log.stderr).toContain(`${garbage}:1:1`);
    const tree = bootplan('import', 'linux', '--system-map', join(LINUX_SRC, 'System.map'), '--src', join(dir, 'no-such-tree'), '-o', out);
    expect(tree.code).toBe(2);
    expect(tree.stderr).toMatch(/IMPORT_NOT_A_FOLDER/);
    const map = bootplan('import', 'linux', '--system-map', garbage, '--log', join(SHARED, 'initcall_debug.log'), '-o', out);
    expect(map.code).toBe(2);
    expect(map.stderr).toMatch(/IMPORT_EMPTY/);
    expect(bootplan('import', 'linux', '--system-map', join(LINUX_SRC, 'System.map'), '--max-depth', 'lots').code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('bootplan import zephyr', () => {
  it('imports a build folder, and check proves the devicetree dependencies', () => {
    const out = join(dir, 'zephyr.yaml');
    const r = bootplan('import', 'zephyr', '--build', join(ZEPHYR, 'nucleo'), '-o', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('name: nucleo');
    expect(text).toMatch(/fn: __device_dts_ord_8, level: POST_KERNEL, prio: 50, ordinal: 8, uses: \[ device:rcc, device:gpiob \], provides: \[ device:i2c1 \]/);
    const check = bootplan('check', out);
    expect(check.code).toBe(0);
  });

  it('finds a device initialised before a device it requires', () => {
    const out = join(dir, 'zephyr-bad.yaml');
    expect(bootplan('import', 'zephyr', '--build', zephyrBuild('nucleo-bad-prio'), '-o', out).code).toBe(0);
    const r = bootplan('check', out);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/use-before-provide.*`bme280\.__device_dts_ord_9` \(POST_KERNEL 40, devicetree ordinal 9\) uses `device:i2c1`/);
  });

  it('--src: kernel services used in PRE_KERNEL_1 are found, with the call chain', () => {
    const out = join(dir, 'zephyr-src.yaml');
    expect(bootplan('import', 'zephyr', '--build', join(ZEPHYR, 'nucleo'), '--src', join(ZEPHYR, 'app'), '-o', out).code).toBe(0);
    const r = bootplan('check', out);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/error\[pre-init-use\]: PRE_KERNEL_1 entry `early\.early_buffers_init` uses `alloc`/);
    expect(readFileSync(out, 'utf8')).toContain('uses alloc: src/early.c:9 calls k_malloc (via setup_pool (src/early.c:7))');
  });

  it('bad input: a map with garbage, a header with garbage, a missing build folder — exit 2, file:line, nothing written', () => {
    const out = join(dir, 'never-z.yaml');
    const build = join(dir, 'zbuild');
    cpSync(join(ZEPHYR, 'nucleo'), build, { recursive: true });
    const mapFile = join(build, 'zephyr', 'zephyr.map');
    writeFileSync(mapFile, 'garbage\n .z_init_POST_KERNEL_P_zz_SUB_0_ what\n');
    const map = bootplan('import', 'zephyr', '--build', build, '-o', out);
    expect(map.code).toBe(2);
    expect(map.stderr).toMatch(/warning\[IMPORT_ZEPHYR_MAP_LINE\]/);
    expect(map.stderr).toContain(`${mapFile}:2:2`);
    expect(map.stderr).toMatch(/error\[IMPORT_ZEPHYR_MAP\]/);

    cpSync(join(ZEPHYR, 'nucleo', 'zephyr', 'zephyr.map'), mapFile);
    const header = join(build, 'zephyr', 'include', 'generated', 'zephyr', 'devicetree_generated.h');
    writeFileSync(header, '#define DT_N_S_x_PATH /x\n#define garbage\n');
    const dt = bootplan('import', 'zephyr', '--build', build, '-o', out);
    expect(dt.code).toBe(2);
    expect(dt.stderr).toContain(`${header}:1:1`);
    expect(dt.stderr).toMatch(/error\[IMPORT_ZEPHYR_DEVICETREE\]/);

    const missing = bootplan('import', 'zephyr', '--build', join(dir, 'no-such-build'), '-o', out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error\[IMPORT_ZEPHYR_MISSING\]: cannot read the build folder/);
    expect(existsSync(out)).toBe(false);
  });
});
