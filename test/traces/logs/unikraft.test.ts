import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNm } from '../../../traces/logs/nm.js';
import { parseUnikraftLog } from '../../../traces/logs/unikraft.js';
import { readSharedFixture } from '../../shared-fixtures.js';

const symbols = parseNm(readSharedFixture('unikraft-0.17-rich/nm.txt'));
const bootLog = readSharedFixture('unikraft-0.17-rich/boot.log');

describe('parseUnikraftLog on the real 0.17 boot', () => {
  const log = parseUnikraftLog(bootLog, symbols, { file: 'boot.log' });
  const of = (table: string) => log.events.filter((e) => e.ev === 'call' && e.table === table).map((e) => e.fn);

  it('names the 4 constructors through the symbol map', () => {
    expect(of('ctors')).toEqual(['testsuite_run_uktest_myself_testsuite', '_init_ectx_store', 'init_fsgsbasefns', 'vfscore_init']);
  });

  it('names the 13 init functions in table order', () => {
    expect(of('inittab')).toEqual([
      'uk_bus_lib_init', 'com_init', 'init_posix_fdtab', 'mutex_metrics_ctor', 'devfs_register_null',
      'devfs_register_stdout', 'vfscore_automount', 'devfs_automount', 'init_posix_tty', 'uniquify_env',
      'testsuite_run_ukargparse', 'testsuite_run_uk_console_testsuite', 'uk_test_print_stats',
    ]);
  });

  it('reads main, teardown, the 2 term functions in reverse and the halt', () => {
    const tail = log.events.filter((e) => ['return', 'term', 'halt'].includes(e.ev) || e.name === 'teardown' || e.table === 'main');
    expect(tail.map((e) => [e.ev, e.fn ?? e.name ?? e.target, e.rc ?? e.target])).toEqual([
      ['call', 'main', undefined],
      ['return', 'main', 0],
      ['phase', 'teardown', 'HALT'],
      ['term', 'term_posix_fdtab', undefined],
      ['term', 'vfscore_autoumount', undefined],
      ['halt', 'HALT', 'HALT'],
    ]);
    expect(log.diagnostics).toEqual([]);
  });

  it('keeps timestamps and log lines', () => {
    const first = log.events.find((e) => e.fn === 'uk_bus_lib_init')!;
    expect(first).toMatchObject({ t: 110_603_000, line: 158 });
    // The banner has no timestamp: it keeps the clock of the line before.
    expect(log.events.find((e) => e.name === 'banner')!.t).toBe(154_582_000);
  });

  it('without symbols keeps the addresses and says once that it cannot name them', () => {
    const bare = parseUnikraftLog(bootLog);
    expect(bare.events.find((e) => e.table === 'inittab')!.fn).toBe('0x1314b0');
    expect(bare.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['LOG_UNRESOLVED_ADDRESS', 80]]);
    expect(bare.diagnostics[0]!.message).toContain('19 function address');
  });
});

describe('parseUnikraftLog on the emulator\'s symbolic lines', () => {
  const lines = [
    '[    0.000000] Info: [libukboot] <boot.c @  276> Unikraft constructor table at 0x161000 - 0x161008',
    '[    0.000000] dbg:  [libukboot] <boot.c @  280> Call constructor: pci_bus_register())...',
    '[    0.001000] dbg:  [libukboot] <boot.c @  381> Call init function: vfscore_automount(0x10fa0)...',
    '[    0.002000] ERR:  [libvfscore] <automount.c @  100> Failed to mount /: -5',
    '[    0.002500] ERR:  [libukboot] <boot.c @  385> Init function at vfscore_automount returned error -5',
    '[    0.003000] Info: [libukboot] <boot.c @  421> Halting system (3)',
    '[    0.004000] dbg:  [libukboot] <boot.c @  436> Call term function: term_posix_fdtab(0x10f94)...',
    '[    0.005000] Info: [libkvmplat] <shutdown.c @   59> Unikraft halted',
  ];
  const log = parseUnikraftLog(lines.join('\r\n'));

  it('reads names printed in place of addresses', () => {
    expect(log.events.filter((e) => e.fn).map((e) => [e.ev, e.table, e.fn])).toEqual([
      ['call', 'ctors', 'pci_bus_register'],
      ['call', 'inittab', 'vfscore_automount'],
      ['return', 'inittab', 'vfscore_automount'],
      ['term', 'inittab', 'term_posix_fdtab'],
    ]);
  });

  it('reads the failure, the CRASH target and keeps error lines as log events', () => {
    expect(log.events.find((e) => e.ev === 'return')!.rc).toBe(-5);
    expect(log.events.find((e) => e.name === 'teardown')!.target).toBe('CRASH');
    expect(log.events.find((e) => e.ev === 'halt')!.target).toBe('CRASH');
    expect(log.events.find((e) => e.ev === 'log')!.msg).toBe('Failed to mount /: -5');
  });

  it('tells .init_array constructors and pre-init constructors from ukboot constructors', () => {
    const more = parseUnikraftLog([
      '[ 0.1] Info: [libukboot] <boot.c @ 470> Constructor table at 0x161148 - 0x161150',
      '[ 0.1] dbg:  [libukboot] <boot.c @ 475> Call constructor: cxx_ctor(1, 0x10f80)...',
      '[ 0.1] dbg:  [libukboot] <boot.c @ 464> Call pre-init constructor: early_cxx()...',
    ].join('\n'));
    expect(more.events.filter((e) => e.ev === 'call').map((e) => [e.table, e.fn, e.level])).toEqual([
      ['init_array', 'cxx_ctor', undefined],
      ['init_array', 'early_cxx', 'preinit'],
    ]);
    expect(more.events[0]).toMatchObject({ ev: 'phase', name: 'init_array' });
  });

  it('turns CRIT lines into faults', () => {
    const crit = parseUnikraftLog('[ 0.2] CRIT: [libkvmplat] <traps.c @ 112> Unhandled page fault in foo (lib.foo): alloc is not initialized yet');
    expect(crit.events).toEqual([expect.objectContaining({ ev: 'fault', reason: 'Unhandled page fault in foo (lib.foo): alloc is not initialized yet', t: 200_000_000 })]);
  });

  it('reports a damaged boot line', () => {
    const bad = parseUnikraftLog('[ 0.1] dbg:  [libukboot] <boot.c @ 381> Call init function: ', undefined, { file: 'x.log' });
    expect(bad.diagnostics.map((d) => [d.code, d.location])).toEqual([['LOG_MALFORMED', { file: 'x.log', line: 1, column: 1 }]]);
  });
});

describe('parseUnikraftLog never throws', () => {
  it('on arbitrary text and fragments of boot lines', () => {
    const piece = fc.constantFrom('Call constructor: ', 'Call init function: ', 'Init function at ', ' returned error ', '-1', '0x1392b0',
      '())...', '(0x10fa0)...', 'Halting system (', '3)', 'Call term function: ', 'main returned ', 'Calling main(', 'CRIT:', 'ERR:',
      '[ 0.1]', '\r\n', '\n', 'Unikraft halted', 'Powered by', '(', ')');
    fc.assert(fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 60 }), (pieces) => {
      const log = parseUnikraftLog(pieces.join(''), symbols);
      expect(log.events.every((e, i) => e.seq === i && Number.isFinite(e.t))).toBe(true);
    }), { numRuns: 500 });
  });

  it('on binary data and a huge line', () => {
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 104729) % 256)).toString('latin1');
    expect(() => parseUnikraftLog(bytes, symbols)).not.toThrow();
    const log = parseUnikraftLog(`Call init function: x(0)...${'('.repeat(1_000_000)}`);
    expect(log.events).toHaveLength(1);
    expect(log.diagnostics.map((d) => d.code)).toEqual(['LOG_LONG_LINES']);
  });
});
