import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importLinuxSystemMap, LINUX_LEVELS, readLinuxInitcalls } from '../../import/linux-system-map.js';
import { parseNm } from '../../compiler/nm.js';
import type { PlanObject } from '../../import/plan-object.js';
import { writePlan } from '../../import/write-plan.js';
import { compile, loadPlanText } from '../../compiler/index.js';
import { parseLinuxInitcallLog } from '../../traces/logs/linux.js';
import { readSharedFixture } from '../shared-fixtures.js';

const systemMap = readSharedFixture('linux-6.1/System.map');
const imported = importLinuxSystemMap(systemMap, { file: 'System.map' });

/** Every entry in declaration order: libraries top to bottom, then each list. */
function declared(plan: PlanObject): Array<{ lib: string; fn: string; level: string; note?: string }> {
  return Object.entries(plan.libraries).flatMap(([lib, l]) => (l.initcalls ?? []).map((e) => ({ lib, fn: e.fn!, level: String(e.level), ...(e.note ? { note: e.note } : {}) })));
}

describe('readLinuxInitcalls on the real 6.1 System.map', () => {
  const { initcalls, diagnostics } = readLinuxInitcalls(parseNm(systemMap));

  it('finds the 670 table entries in address order', () => {
    expect(diagnostics).toEqual([]);
    expect(initcalls).toHaveLength(670);
    for (let i = 1; i < initcalls.length; i++) expect(initcalls[i]!.address > initcalls[i - 1]!.address).toBe(true);
    expect(initcalls[0]).toMatchObject({ module: 'core', sourceLine: 2229, fn: 'init_hw_perf_events', id: 'early', level: 'early', size: 0x683 });
  });

  it('splits module names with underscores and reads every level suffix', () => {
    expect(initcalls.find((c) => c.fn === 'hvc_console_init')).toMatchObject({ module: 'hvc_console', level: 'console' });
    const levels = new Set(initcalls.map((c) => c.level));
    for (const level of ['console', 'early', 'pure', 'core', 'postcore', 'arch', 'subsys', 'fs', 'rootfs', 'device', 'late', 'late_sync']) expect(levels).toContain(level);
    expect([...levels].every((l) => Object.values(LINUX_LEVELS).includes(l))).toBe(true);
    // rootfs sits between 5s and 6 in the table: the tail of the fs window.
    const firstRootfs = initcalls.findIndex((c) => c.level === 'rootfs');
    expect(initcalls[firstRootfs - 1]!.level).toMatch(/^fs/);
    expect(initcalls.filter((c) => c.level === 'console')).toHaveLength(4);
  });

  it('matches the order and the symbol sizes the real boot printed, all 670', () => {
    const calls = parseLinuxInitcallLog(readSharedFixture('linux-6.1/initcall_debug.log')).events.filter((e) => e.ev === 'call');
    // The console table runs first, from start_kernel; the rest in address order.
    const runOrder = [...initcalls.filter((c) => c.level === 'console'), ...initcalls.filter((c) => c.level !== 'console')];
    expect(calls.map((c) => c.fn)).toEqual(runOrder.map((c) => c.fn));
    expect(calls.map((c) => c.symSize)).toEqual(runOrder.map((c) => c.size));
  });

  it('gives duplicate names their own functions', () => {
    const xenbus = initcalls.filter((c) => c.fn === 'xenbus_init');
    expect(xenbus.map((c) => c.size)).toEqual([0x350, 0x3a]);
  });
});

describe('importLinuxSystemMap', () => {
  const entries = declared(imported.plan);
  const { initcalls } = readLinuxInitcalls(parseNm(systemMap));

  it('declares the entries in address order inside every level', () => {
    expect(entries).toHaveLength(670);
    for (const level of new Set(initcalls.map((c) => c.level))) {
      expect(entries.filter((e) => e.level === level).map((e) => e.fn)).toEqual(initcalls.filter((c) => c.level === level).map((c) => c.fn));
    }
  });

  it('names libraries after modules, splitting only where link order needs it', () => {
    const libs = Object.keys(imported.plan.libraries);
    expect(libs).toContain('hvc_console');
    expect(libs).toContain('core-2');
    expect(libs.some((l) => l.startsWith('kmod_'))).toBe(true); // `8250` would be reordered by JavaScript
    expect(libs.every((l) => /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(l))).toBe(true);
    expect(imported.libraryComments['core-2']![0]).toContain('module core again');
  });

  it('records the source line and the symbol size in each note', () => {
    expect(entries[0]).toEqual({ lib: 'core', fn: 'init_hw_perf_events', level: 'early', note: 'line 2229; init_hw_perf_events+0x0/0x683' });
  });

  it('writes YAML that reads back to the same plan, with the header as comments', () => {
    const text = writePlan(imported);
    expect(text.startsWith('# Imported by `bootplan import linux` from System.map: 670 initcalls')).toBe(true);
    expect(text).toContain('# module core again (block 2)');
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(imported.plan)));
    expect(Object.keys(parse(text).libraries)).toEqual(Object.keys(imported.plan.libraries));
  });

  it('compiles with the linux@6.1 profile, and its default order is the address order', () => {
    const { compiled, diagnostics } = compile(loadPlanText('linux.yaml', writePlan(imported)));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const fnOf = new Map(compiled!.entries.map((e) => [e.id, e.fn]));
    const ordered = compiled!.order.filter((id) => fnOf.has(id)).map((id) => fnOf.get(id));
    const runOrder = [...initcalls.filter((c) => c.level === 'console'), ...initcalls.filter((c) => c.level !== 'console')];
    expect(ordered).toEqual(runOrder.map((c) => c.fn));
  });

  it('says so when the map has no initcalls', () => {
    const empty = importLinuxSystemMap('ffffffff81000000 T _text\n');
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['IMPORT_EMPTY']);
    expect(empty.plan.libraries).toEqual({});
  });

  it('reads the pre-5.x symbol form when the function exists', () => {
    const old = importLinuxSystemMap([
      'ffffffff81000000 t foo_init',
      'ffffffff81000040 t bar_init',
      'ffffffff82000000 d __initcall_foo_init6',
      'ffffffff82000008 d __initcall_bar_init1s',
      'ffffffff82000010 D __initcall_end',
    ].join('\n'));
    expect(declared(old.plan).map((e) => [e.lib, e.fn, e.level])).toEqual([['vmlinux', 'foo_init', 'device'], ['vmlinux', 'bar_init', 'core_sync']]);
  });
});
