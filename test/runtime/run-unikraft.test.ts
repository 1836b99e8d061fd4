import { describe, expect, it } from 'vitest';
import { InputError } from '../../compiler/types.js';
import { run } from '../../runtime/index.js';
import { calls, compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

/** ctor, then five initcalls in table order (a term-only one at rootfs 9), then main. */
const plan: EntrySpec[] = [
  { id: 'ukbus.pci_bus_register', kind: 'ctor', prio: 2 },
  { id: 'ukrandom.uk_random_init', level: 'early', term: 'uk_random_term' },
  { id: 'ukbus.uk_bus_lib_init', level: 'plat', prio: 0 },
  { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount' },
  { id: 'posix-fdtab.term_posix_fdtab', fn: null, level: 'rootfs', prio: 8, term: 'term_posix_fdtab' },
  { id: 'posix-tty.init_posix_tty', level: 'rootfs', prio: 9, term: 'term_posix_tty' },
  { id: 'app.main', kind: 'main' },
];

describe('a Unikraft 0.17 boot', () => {
  it('runs constructors, init table, main, then every term in reverse, and halts', () => {
    const r = run(compilePlan(unikraftProfile(), plan));
    expect(calls(r.events)).toEqual([
      'ukbus.pci_bus_register', 'ukbus.pci_bus_register=0',
      'ukrandom.uk_random_init', 'ukrandom.uk_random_init=0',
      'ukbus.uk_bus_lib_init', 'ukbus.uk_bus_lib_init=0',
      'vfscore.vfscore_automount', 'vfscore.vfscore_automount=0',
      'posix-tty.init_posix_tty', 'posix-tty.init_posix_tty=0',
      'app.main', 'app.main=0',
      'term:posix-tty.init_posix_tty:term_posix_tty', 'term:posix-fdtab.term_posix_fdtab:term_posix_fdtab',
      'term:vfscore.vfscore_automount:vfscore_autoumount', 'term:ukrandom.uk_random_init:uk_random_term',
    ]);
    expect(r.outcome).toEqual({ target: 'HALT', reason: 'main returned 0', mainReturned: 0, exitCode: 0 });
    expect(r.events.at(-1)).toMatchObject({ ev: 'halt', target: 'HALT' });
  });

  it('prints the real console lines, in order', () => {
    const lines = run(compilePlan(unikraftProfile(), plan)).console.split('\n').map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, ''));
    const want = [
      'Info: [libukboot] <boot.c @  276> Unikraft constructor table at 0x161000 - 0x161008',
      'dbg:  [libukboot] <boot.c @  280> Call constructor: pci_bus_register())...',
      'Info: [libukboot] <boot.c @  285> Initialize memory allocator...',
      'Info: [libukboot] <boot.c @  344> Initialize the IRQ subsystem...',
      'Info: [libukboot] <boot.c @  351> Initialize platform time...',
      'Info: [libukboot] <boot.c @  355> Initialize scheduling...',
      'Info: [libukboot] <boot.c @  373> Init Table @ 0x161008 - 0x161058',
      'dbg:  [libukboot] <boot.c @  381> Call init function: uk_random_init(0x10fa0)...',
      'dbg:  [libukboot] <boot.c @  381> Call init function: uk_bus_lib_init(0x10fa0)...',
      'dbg:  [libukboot] <boot.c @  381> Call init function: vfscore_automount(0x10fa0)...',
      'dbg:  [libukboot] <boot.c @  381> Call init function: init_posix_tty(0x10fa0)...',
      'Powered by Unikraft Calypso (0.17.0)',
      'Info: [libukboot] <boot.c @  459> Pre-init table at 0x161058 - 0x161058',
      'Info: [libukboot] <boot.c @  470> Constructor table at 0x161058 - 0x161058',
      "Info: [libukboot] <boot.c @  493> Calling main(1, ['test'])",
      'Info: [libukboot] <boot.c @  503> main returned 0',
      'Info: [libukboot] <boot.c @  421> Halting system (0)',
      'dbg:  [libukboot] <boot.c @  436> Call term function: term_posix_tty(0x10f94)...',
      'dbg:  [libukboot] <boot.c @  436> Call term function: term_posix_fdtab(0x10f94)...',
      'dbg:  [libukboot] <boot.c @  436> Call term function: vfscore_autoumount(0x10f94)...',
      'dbg:  [libukboot] <boot.c @  436> Call term function: uk_random_term(0x10f94)...',
      'Info: [libkvmplat] <shutdown.c @   59> Unikraft halted',
      '',
    ];
    expect(lines.slice(lines.indexOf(want[0]!))).toEqual(want);
  });

  it('an initcall error stops the loop; only the terms of the entries before it run, in reverse', () => {
    const failing = plan.map((e) => (e.id === 'posix-tty.init_posix_tty' ? { ...e, returns: -5 } : e));
    const r = run(compilePlan(unikraftProfile(), failing));
    expect(calls(r.events).slice(-5)).toEqual([
      'posix-tty.init_posix_tty', 'posix-tty.init_posix_tty=-5',
      'term:posix-fdtab.term_posix_fdtab:term_posix_fdtab', 'term:vfscore.vfscore_automount:vfscore_autoumount', 'term:ukrandom.uk_random_init:uk_random_term',
    ]);
    expect(calls(r.events)).not.toContain('app.main');
    expect(calls(r.events)).not.toContain('term:posix-tty.init_posix_tty:term_posix_tty');
    expect(r.outcome).toEqual({ target: 'CRASH', reason: 'init function posix-tty.init_posix_tty returned -5', failed: { id: 'posix-tty.init_posix_tty', rc: -5 }, exitCode: 1 });
    expect(r.console).toMatch(/ERR: {2}\[libukboot\] <boot\.c @ {2}385> Init function at init_posix_tty returned error -5\n.*Halting system \(3\)/);
    expect(r.console).not.toContain('Powered by');
  });

  it('--fail injects an error (default -1) into an entry that would succeed', () => {
    const r = run(compilePlan(unikraftProfile(), plan), { fail: { id: 'vfscore.vfscore_automount' } });
    expect(r.outcome.failed).toEqual({ id: 'vfscore.vfscore_automount', rc: -1 });
    expect(calls(r.events).filter((c) => c.startsWith('term:'))).toEqual(['term:ukrandom.uk_random_init:uk_random_term']);
    expect(run(compilePlan(unikraftProfile(), plan), { fail: { id: 'ukbus.uk_bus_lib_init', rc: -19 } }).outcome.failed?.rc).toBe(-19);
  });

  it('a fail effect makes the entry return its rc, after the entry has done its work', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.f', level: 'lib', effects: [{ kind: 'fail', args: { rc: -12 } }, { kind: 'log', args: { msg: 'still here' } }] }]));
    expect(r.outcome.failed).toEqual({ id: 'a.f', rc: -12 });
    expect(r.console).toContain('still here');
  });

  it('a positive return is success', () => {
    expect(run(compilePlan(unikraftProfile(), [{ id: 'a.f', level: 'lib', returns: 3 }, { id: 'app.main', kind: 'main' }])).outcome.target).toBe('HALT');
  });

  it('constructors cannot fail: their return is ignored', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.ctor', kind: 'ctor', returns: -1 }, { id: 'app.main', kind: 'main' }]));
    expect(calls(r.events)).toContain('a.ctor=0');
    expect(r.outcome.target).toBe('HALT');
  });

  it('refuses --fail for an unknown entry or a constructor as bad input', () => {
    const c = compilePlan(unikraftProfile(), plan);
    expect(() => run(c, { fail: { id: 'nope.nope' } })).toThrow(InputError);
    expect(() => run(c, { fail: { id: 'ukbus.pci_bus_register' } })).toThrow(/constructors return nothing/);
    expect(() => run(c, { maxEvents: 0 })).toThrow(/at least 1/);
  });

  it('main returning non-zero halts on 0.17 but crashes on 0.13', () => {
    const specs: EntrySpec[] = [{ id: 'app.main', kind: 'main', returns: 1 }];
    expect(run(compilePlan(unikraftProfile(), specs)).outcome).toMatchObject({ target: 'HALT', mainReturned: 1, exitCode: 0 });
    const old = run(compilePlan(unikraftProfile({ version: '0.13' }), specs));
    expect(old.outcome).toMatchObject({ target: 'CRASH', mainReturned: 1, exitCode: 1 });
    expect(old.console).toContain('Halting system (3)');
  });

  it('0.13 init functions take no context and there are no terms', () => {
    const r = run(compilePlan(unikraftProfile({ version: '0.13' }), [{ id: 'a.init', level: 'lib' }]));
    expect(r.console).toContain('Call init function: init()...\n');
    expect(r.console).toContain('Powered by Unikraft Phoebe (0.13.0)');
  });

  it('without a main, the weak main runs and returns -EINVAL', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.init', level: 'lib' }]));
    expect(r.console).toContain('weak main() called. Symbol was not replaced!\n');
    expect(r.outcome).toMatchObject({ target: 'HALT', mainReturned: -22 });
  });

  it('runs GCC constructors (.init_array) after the banner with (argc, argv)', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'app.cxx_init', kind: 'init_array' }, { id: 'app.main', kind: 'main' }], { argv: ['app', '-v'] }));
    expect(r.console).toMatch(/Powered by[^\n]*\n[^\n]*Pre-init table[^\n]*\n[^\n]*Constructor table at 0x161000 - 0x161008\n[^\n]*Call constructor: cxx_init\(2, 0x10f80\)\.\.\.\n[^\n]*Calling main\(2, \['app', '-v'\]\)/);
  });

  it('prints program output raw and library output with its prefix', () => {
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'posix-tty.init_posix_tty', level: 'rootfs', effects: [{ kind: 'log', args: { msg: 'tty ready' } }] },
      { id: 'app.main', kind: 'main', effects: [{ kind: 'log', args: { msg: 'Hello world!' } }] },
    ]));
    expect(r.console).toMatch(/\] Info: \[libposix_tty\] <posix-tty\.c @ +\d+> tty ready\n/);
    expect(r.console).toContain("\nHello world!\n");
  });
});
