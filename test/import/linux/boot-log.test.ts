import { describe, expect, it } from 'vitest';
import { parseNm } from '../../../compiler/nm.js';
import { matchBootLog } from '../../../import/linux/boot-log.js';
import { importLinux } from '../../../import/linux/import-linux.js';
import { readLinuxInitcalls } from '../../../import/linux-system-map.js';
import { compile, loadPlanText } from '../../../compiler/index.js';
import { writePlan } from '../../../import/write-plan.js';
import { parseDuration } from '../../../compiler/units.js';
import { readSharedFixture } from '../../shared-fixtures.js';

const systemMap = readSharedFixture('linux-6.1/System.map');
const log = readSharedFixture('linux-6.1/initcall_debug.log');
const { initcalls } = readLinuxInitcalls(parseNm(systemMap));

describe('matchBootLog on the real 6.1 boot', () => {
  const match = matchBootLog(log, initcalls);

  it('matches every one of the 670 returns to an initcall of the map', () => {
    expect(match.returns).toBe(670);
    expect(match.runs.size).toBe(670);
    expect(match.notRun).toBe(0);
    expect(match.unmatched).toEqual([]);
  });

  it('tells apart the two xenbus_init functions by their size', () => {
    const xenbus = initcalls.filter((c) => c.fn === 'xenbus_init');
    const lines = xenbus.map((c) => match.runs.get(c.symbol)!.line);
    expect(new Set(lines).size).toBe(2);
    expect(lines[0]! < lines[1]!).toBe(true);
  });

  it('keeps the real return codes', () => {
    const failed = [...match.runs.values()].filter((r) => r.rc !== 0);
    expect(failed.length).toBe(49);
    // One positive return in the real boot (set_hardened_usercopy returned 1): a note as well.
    expect(failed.filter((r) => r.rc > 0).length).toBe(1);
  });

  it('says so when the log has no initcall lines', () => {
    const empty = matchBootLog('[    0.000000] Linux version 6.1.0\n', initcalls, 'dmesg.txt');
    expect(empty.diagnostics.map((d) => [d.code, d.location?.file])).toEqual([['IMPORT_LOG_EMPTY', 'dmesg.txt']]);
    expect(empty.runs.size).toBe(0);
  });
});

describe('importLinux with --log', () => {
  it('gives every entry that ran its cost, notes a non-zero return, and never sets returns', async () => {
    const imported = await importLinux({ systemMap: { text: systemMap, file: 'System.map' }, log: { text: log, file: 'initcall_debug.log' } });
    const entries = Object.values(imported.plan.libraries).flatMap((l) => l.initcalls ?? []);
    expect(entries).toHaveLength(670);
    expect(entries.every((e) => typeof e.cost === 'string' && parseDuration(e.cost) !== null)).toBe(true);
    expect(entries.some((e) => 'returns' in e)).toBe(false);
    const unpopulated = entries.find((e) => e.fn === 'unpopulated_init')!;
    expect(unpopulated.note).toMatch(/returned -19 in the real boot \(log line \d+\)/);
    expect(imported.header.join('\n')).toContain('670 of 670 initcalls ran and have a `cost`');
    const { diagnostics } = compile(loadPlanText('linux.yaml', writePlan(imported)));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('notes the initcalls a shorter boot never reached', async () => {
    const cut = log.split('\n').slice(0, 400).join('\n');
    const imported = await importLinux({ systemMap: { text: systemMap, file: 'System.map' }, log: { text: cut, file: 'cut.log' } });
    const entries = Object.values(imported.plan.libraries).flatMap((l) => l.initcalls ?? []);
    const missing = entries.filter((e) => e.cost === undefined);
    expect(missing.length).toBeGreaterThan(100);
    expect(missing.every((e) => e.note?.includes('not in the boot log'))).toBe(true);
  });
});
