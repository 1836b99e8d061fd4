import { describe, expect, it } from 'vitest';
import { functionAt, parseAddress, parseNm } from '../../../traces/logs/nm.js';
import { readSharedFixture } from '../../shared-fixtures.js';

describe('parseNm on the real image', () => {
  const map = parseNm(readSharedFixture('unikraft-0.17-rich/nm.txt'));

  it('maps addresses to functions and back', () => {
    expect(functionAt(map, 0x1314b0n)).toBe('uk_bus_lib_init');
    expect(map.byName.get('vfscore_automount')![0]!.address).toBe(0x149150n);
    expect(map.diagnostics).toEqual([]);
  });

  it('decodes the three tables in address order, all inside their bounds', () => {
    expect(map.tables.ctors.map((e) => [e.prio, e.fn])).toEqual([
      [0, 'testsuite_run_uktest_myself_testsuite'], [0, '_init_ectx_store'], [0, 'init_fsgsbasefns'], [1, 'vfscore_init'],
    ]);
    expect(map.tables.inittab).toHaveLength(14);
    expect(map.tables.earlytab.map((e) => e.fn)).toEqual(['uk_boot_early_init_parse_cmdl', 'com_early_init', 'vga_init', 'uk_boot_early_init_mrd_coalesce']);
    expect([...map.tables.ctors, ...map.tables.inittab, ...map.tables.earlytab].every((e) => e.inTable === true)).toBe(true);
  });

  it('splits init and term where both halves are functions, null written 0x0 or 0', () => {
    const pick = (symbol: string) => map.tables.inittab.find((e) => e.symbol === symbol)!;
    expect(pick('__uk_inittab44_vfscore_automount_vfscore_autoumount')).toMatchObject({ class: 4, prio: 4, fn: 'vfscore_automount', term: 'vfscore_autoumount' });
    expect(pick('__uk_inittab49_0x0_term_posix_fdtab')).toMatchObject({ class: 4, prio: 9, fn: null, term: 'term_posix_fdtab' });
    expect(pick('__uk_inittab21_com_init_0')).toMatchObject({ class: 2, prio: 1, fn: 'com_init', term: null });
  });
});

describe('parseNm on hand-made maps', () => {
  it('prefers the split the map defines when names are full of underscores', () => {
    const map = parseNm([
      '0000000000001000 T a_b',
      '0000000000001010 T c_d',
      '0000000000001020 T a',
      '0000000000002000 r __uk_inittab31_a_b_c_d',
    ].join('\n'));
    expect(map.tables.inittab[0]).toMatchObject({ fn: 'a_b', term: 'c_d' });
  });

  it('keeps an entry whose priority token is not a digit, and finds it outside the table', () => {
    const map = parseNm([
      '0000000000001000 t init_foo',
      '0000000000002000 R uk_inittab_start',
      '0000000000002000 r __uk_inittab41_ok_0x0',
      '0000000000001004 t ok',
      '0000000000002010 R uk_inittab_end',
      '0000000000003000 r __uk_inittab4UK_FS_PRIO_FSAVAIL_init_foo_0x0',
    ].join('\n'));
    expect(map.tables.inittab.map((e) => [e.fn, e.prio, e.inTable])).toEqual([
      ['ok', 1, true],
      ['init_foo', 'UK_FS_PRIO_FSAVAIL', false],
    ]);
  });

  it('sorts a plain nm listing, skips undefined symbols, counts garbage', () => {
    const map = parseNm('0000000000000020 T b\n                 U undefined_fn\n0000000000000010 T a\nnot a symbol line\n', { file: 'img.nm' });
    expect(map.symbols.map((s) => s.name)).toEqual(['a', 'b']);
    expect(map.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([['NM_UNREADABLE_LINES', 'img.nm', 4]]);
  });

  it('reads 64-bit addresses exactly', () => {
    const map = parseNm('ffffffff832a93f0 T x\nffffffff832a93f4 T y\n');
    expect(functionAt(map, 0xffffffff832a93f4n)).toBe('y');
    expect(parseAddress('0xffffffff832a93f4')).toBe(0xffffffff832a93f4n);
    expect(parseAddress('nope')).toBeNull();
  });
});
