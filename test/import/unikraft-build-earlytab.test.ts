/**
 * `import unikraft --src` reads the early table (`UK_BOOT_EARLYTAB_ENTRY`, the 0.21 line) into the
 * plan's `early:` lists. Fixture: test/fixtures/unikraft-earlytab (a tree written for this test).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check, compile, loadPlanText, locate } from '../../compiler/index.js';
import { readBuildTree } from '../../import/build-tree.js';
import { readKconfig } from '../../import/kconfig.js';
import { prepareUnikraftBuild } from '../../import/unikraft-build.js';
import { scanUnikraftSource } from '../../import/unikraft-src.js';
import { writePlan } from '../../import/write-plan.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/unikraft-earlytab/', import.meta.url));
const tree = readBuildTree({ src: join(FIXTURE, 'tree'), libs: [] });
const config = readKconfig(readFileSync(join(FIXTURE, 'early.config'), 'utf8'), 'early.config').config;
const configWithout = readKconfig(readFileSync(join(FIXTURE, 'early.config'), 'utf8').replace('CONFIG_LIBUKCONSOLE_NS16550_EARLY_CONSOLE=y', '# CONFIG_LIBUKCONSOLE_NS16550_EARLY_CONSOLE is not set'), 'early.config').config;

describe('import unikraft --src: the early table', () => {
  const { imported, input } = prepareUnikraftBuild(tree.tree, { roots: { libs: [] }, config });

  it('puts each UK_BOOT_EARLYTAB_ENTRY into its library\'s `early:` list with the resolved priority, before its other lists', () => {
    const libs = imported.plan.libraries;
    expect(libs.ukconsole_ns16550).toEqual({
      early: [{ fn: 'com_early_init', prio: 1, note: 'drivers/ukconsole/ns16550/com.c:15' }], // UK_PRIO_AFTER(UK_PRIO_EARLIEST)
      initcalls: [{ fn: 'com_init', level: 'plat', prio: 1, note: 'drivers/ukconsole/ns16550/com.c:18' }],
    });
    expect(Object.keys(libs.ukconsole_ns16550!)).toEqual(['early', 'initcalls']);
    expect(libs.ukboot?.early).toEqual([{ fn: 'uk_boot_early_init_mrd_coalesce', prio: 8, note: 'lib/ukboot/early_init.c:16' }]); // UK_PRIO_BEFORE(UK_PRIO_LATEST)
    expect(libs.applog?.early).toEqual([{ fn: 'applog_reserve', prio: 3, note: 'lib/applog/applog.c:15; via APPLOG_EARLY' }]);
    expect(input.functions).toContainEqual({ id: 'applog.applog_reserve', fn: 'applog_reserve', file: 'lib/applog/applog.c', line: 15, role: 'early' });
  });

  it('imports for unikraft@0.21, the line that has the table, and folds the command-line parsing into its core step', () => {
    expect(imported.plan.profile).toBe('unikraft@0.21');
    const all = JSON.stringify(imported.plan);
    expect(all).not.toContain('uk_boot_early_init_parse_cmdl');
    expect(imported.header.join('\n')).toContain("ukboot.uk_boot_early_init_parse_cmdl (lib/ukboot/early_init.c:14, early prio 0) is the profile's core step `early_cmdline`");
    expect(imported.header.join('\n')).toContain('The tree registers 4 early-table entries');
    expect(prepareUnikraftBuild(tree.tree, { roots: { libs: [] }, config, profile: 'unikraft@0.21' }).imported.header.join('\n')).not.toContain('chosen for it');
  });

  it('follows the .config: without the early console the driver registers no early entry', () => {
    const without = prepareUnikraftBuild(tree.tree, { roots: { libs: [] }, config: configWithout }).imported;
    expect(without.plan.libraries.ukconsole_ns16550).toEqual({ initcalls: [{ fn: 'com_init', level: 'plat', prio: 1, note: 'drivers/ukconsole/ns16550/com.c:18' }] });
  });

  it('without a .config: conditions in `note`, and a priority past 9 kept raw with IMPORT_BAD_PRIO', () => {
    const all = prepareUnikraftBuild(tree.tree, { roots: { libs: [] }, config: null }).imported;
    expect(all.plan.libraries.ukconsole_ns16550?.early).toEqual([{ fn: 'com_early_init', prio: 1, note: 'drivers/ukconsole/ns16550/com.c:15; if CONFIG_LIBUKCONSOLE_NS16550_EARLY_CONSOLE' }]);
    expect(all.plan.libraries.applog?.early?.find((e) => e.fn === 'applog_too_late')).toMatchObject({ prio: 'UK_PRIO_AFTER(UK_PRIO_LATEST)' });
    const bad = all.diagnostics.find((d) => d.code === 'IMPORT_BAD_PRIO');
    expect(bad?.location).toEqual({ file: 'lib/applog/broken.c', line: 9, column: 1 });
    // The checker reports what the linker does with it.
    const { compiled, diagnostics } = compile(loadPlanText('all.yaml', writePlan(all)));
    expect([...diagnostics, ...(compiled ? check(compiled) : [])].map((d) => d.code)).toContain('prio-out-of-range');
  });

  it('writes a plan the checker reads back: the heap used in the early table is caught', async () => {
    const text = writePlan(imported);
    expect(parse(text)).toEqual(imported.plan);
    const withUse = text.replace('via APPLOG_EARLY }', 'via APPLOG_EARLY, uses: [ alloc ] }');
    expect(withUse).not.toBe(text);
    const clean = compile(loadPlanText('image.yaml', text));
    expect(clean.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(check(clean.compiled!).filter((d) => d.severity === 'error')).toEqual([]);
    const source = loadPlanText('image.yaml', withUse);
    const misuse = compile(source);
    const found = (await locate(source, check(misuse.compiled!))).filter((d) => d.severity === 'error');
    expect(found.map((d) => `${d.code}@${d.location?.line}`)).toEqual([`use-before-provide@${text.split('\n').findIndex((l) => l.includes('applog_reserve')) + 1}`]);
  });

  it('skips an early registration without its two arguments, with a located warning', () => {
    const scan = scanUnikraftSource([{ path: 'lib/x/x.c', text: '#include <uk/boot/earlytab.h>\nUK_BOOT_EARLYTAB_ENTRY(x_init);\nUK_BOOT_EARLYTAB_ENTRY(0, 2);\n' }]);
    expect(scan.registrations).toEqual([]);
    expect(scan.diagnostics.map((d) => `${d.code}@${d.location?.line}`)).toEqual(['IMPORT_BAD_REGISTRATION@2', 'IMPORT_BAD_REGISTRATION@3']);
  });
});
