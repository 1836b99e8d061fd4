import { describe, expect, it } from 'vitest';
import { run } from '../../runtime/index.js';
import { calls, compilePlan, mount, unikraftProfile, type EntrySpec } from './helpers.js';

const rootfs: EntrySpec = { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', effects: [{ kind: 'mount', args: { from: 'fstab' } }] };
const ramRoot = { mounts: [mount('none', '/', 'ramfs')] };

describe('faults', () => {
  it('a constructor that allocates faults: the heap does not exist yet', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'musl.musl_init_tls', kind: 'ctor', uses: ['alloc', 'sched'] }, { id: 'app.main', kind: 'main' }]));
    const fault = r.events.find((e) => e.ev === 'fault');
    expect(fault).toMatchObject({ id: 'musl.musl_init_tls', capability: 'alloc', missing: ['alloc', 'sched'], provider: 'core.alloc' });
    expect(r.outcome).toMatchObject({ target: 'CRASH', exitCode: 1, fault: { kind: 'fault', id: 'musl.musl_init_tls', capability: 'alloc', provider: 'core.alloc' } });
    expect(r.outcome.reason).toBe('musl.musl_init_tls uses alloc, which does not exist yet (core.alloc provides it)');
    expect(calls(r.events)).toEqual(['musl.musl_init_tls', 'fault:musl.musl_init_tls']);
    expect(r.console).toMatch(/CRIT: \[libkvmplat\] <traps\.c @ {2}112> Unhandled page fault in musl_init_tls/);
    expect(r.events.at(-1)).toMatchObject({ ev: 'halt', target: 'CRASH' });
  });

  it('an alloc: on a constructor faults even without a declared use', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.ctor', kind: 'ctor', alloc: 64 }]));
    expect(r.outcome.fault).toMatchObject({ id: 'a.ctor', capability: 'alloc' });
  });

  it('an effect that needs a capability faults when the effect runs, after what came before it', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.early', kind: 'ctor', effects: [{ kind: 'log', args: { msg: 'before' } }, { kind: 'open-stdio' }] }]));
    expect(r.console).toContain('before');
    expect(r.outcome.fault).toMatchObject({ id: 'a.early', capability: 'alloc', provider: 'core.alloc' });
  });

  it('a use of / before the rootfs level faults and names who mounts it', () => {
    const r = run(compilePlan(unikraftProfile(), [rootfs, { id: 'app.gen_etc', level: 'lib', uses: ['mount:/'] }], ramRoot));
    expect(r.outcome.fault).toMatchObject({ id: 'app.gen_etc', capability: 'mount:/', provider: 'vfscore.vfscore_automount' });
    expect(calls(r.events)).not.toContain('vfscore.vfscore_automount');
  });

  it('a capability nobody provides faults with no provider', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.net', level: 'late', uses: ['netdev'] }]));
    expect(r.outcome.fault).toEqual({ kind: 'fault', id: 'a.net', capability: 'netdev', missing: ['netdev'], reason: 'a.net uses netdev, which does not exist yet (nothing provides it)' });
  });

  it('a crash runs no term functions', () => {
    const r = run(compilePlan(unikraftProfile(), [rootfs, { id: 'a.late', level: 'late', uses: ['netdev'] }], ramRoot));
    expect(r.events.some((e) => e.ev === 'term')).toBe(false);
    expect(r.console).not.toContain('Halting system');
  });

  it('an entry whose init failed provides nothing, so later users fault (Linux goes on after errors)', async () => {
    const { linuxProfile } = await import('./helpers.js');
    const r = run(compilePlan(linuxProfile(), [{ id: 'net.dev_init', level: 'subsys', returns: -19, provides: ['netdev'] }, { id: 'net.inet_init', level: 'fs', uses: ['netdev'] }]));
    expect(r.outcome.fault).toMatchObject({ id: 'net.inet_init', capability: 'netdev', provider: 'net.dev_init' });
  });

  it('a capability exists from its first provider on', () => {
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'a.one', level: 'lib', prio: 1, provides: ['x'] },
      { id: 'b.user', level: 'lib', prio: 2, uses: ['x'] },
      { id: 'c.two', level: 'lib', prio: 3, provides: ['x'] },
    ]));
    expect(r.outcome.fault).toBeUndefined();
  });

  it('running out of heap returns -ENOMEM from the entry, not a bootplan crash', () => {
    const r = run(compilePlan(unikraftProfile(), [{ id: 'a.small', level: 'lib', alloc: 600 }, { id: 'b.big', level: 'lib', alloc: 600 }], { memory: 1024 }));
    expect(r.outcome).toMatchObject({ target: 'CRASH', failed: { id: 'b.big', rc: -12 } });
    expect(r.events.filter((e) => e.ev === 'alloc').map((e) => [e.id, e.size, e.addr])).toEqual([['a.small', 600, 0x4_0000_0000], ['b.big', 600, 0]]);
  });
});

describe('teardown faults', () => {
  it('a term that uses what an earlier-torn-down provider withdrew faults (unikraft#1210)', () => {
    // fdtab's term runs after vfscore's in reverse order only if fdtab comes first in the table.
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'posix-fdtab.init_posix_fdtab', level: 'lib', prio: 0, term: { fn: 'term_posix_fdtab', uses: ['mount:/'] } },
      rootfs,
      { id: 'app.main', kind: 'main' },
    ], ramRoot));
    expect(calls(r.events).slice(-3)).toEqual(['term:vfscore.vfscore_automount:vfscore_autoumount', 'term:posix-fdtab.init_posix_fdtab:term_posix_fdtab', 'fault:posix-fdtab.init_posix_fdtab']);
    expect(r.outcome).toMatchObject({ target: 'CRASH', exitCode: 1, fault: { kind: 'term', id: 'posix-fdtab.init_posix_fdtab', capability: 'mount:/', provider: 'vfscore.vfscore_automount' } });
    expect(r.events.find((e) => e.ev === 'fault')?.reason).toMatch(/^term function term_posix_fdtab of posix-fdtab\.init_posix_fdtab uses mount:\/, which is already gone/);
  });

  it('the fix (a term-only entry after the mount) tears down cleanly', () => {
    const r = run(compilePlan(unikraftProfile(), [
      { id: 'posix-fdtab.init_posix_fdtab', level: 'lib', prio: 0 },
      rootfs,
      { id: 'posix-fdtab.term_posix_fdtab', fn: null, level: 'rootfs', prio: 9, term: { fn: 'term_posix_fdtab', uses: ['mount:/'] } },
      { id: 'app.main', kind: 'main' },
    ], ramRoot));
    expect(r.outcome).toMatchObject({ target: 'HALT', exitCode: 0 });
  });

  it('a capability stays while another live provider has it, and goes with the last one', () => {
    const specs: EntrySpec[] = [
      { id: 'a.user', level: 'lib', prio: 0, term: { fn: 'a_term', uses: ['x'] } },
      { id: 'b.keeps', level: 'lib', prio: 1, provides: ['x'] },
      { id: 'c.withdraws', level: 'lib', prio: 2, provides: ['x'], term: 'c_term' },
      { id: 'app.main', kind: 'main' },
    ];
    // Teardown runs c_term (x loses one provider) then a_term: b has no term, so x is still there.
    expect(run(compilePlan(unikraftProfile(), specs)).outcome).toMatchObject({ target: 'HALT' });
    const alone = run(compilePlan(unikraftProfile(), specs.filter((s) => s.id !== 'b.keeps')));
    expect(alone.outcome.fault).toMatchObject({ kind: 'term', id: 'a.user', capability: 'x', provider: 'c.withdraws' });
  });
});

describe('keepGoing', () => {
  const specs: EntrySpec[] = [
    { id: 'a.ctor', kind: 'ctor', uses: ['alloc'] },
    { id: 'b.init', level: 'lib', returns: -5, term: 'b_term' },
    { id: 'c.late', level: 'late', uses: ['netdev'], term: { fn: 'c_term', uses: ['netdev'] } },
    { id: 'app.main', kind: 'main' },
  ];

  it('records every fault and error, carrying on as if each had not happened', () => {
    const r = run(compilePlan(unikraftProfile(), specs), { keepGoing: true });
    expect(r.outcome.faults?.map((f) => [f.kind, f.id, f.capability])).toEqual([['fault', 'a.ctor', 'alloc'], ['fault', 'c.late', 'netdev'], ['term', 'c.late', 'netdev']]);
    expect(r.outcome).toMatchObject({ target: 'CRASH', exitCode: 1, failed: { id: 'b.init', rc: -5 }, fault: { id: 'a.ctor' }, mainReturned: 0 });
    expect(calls(r.events)).toContain('app.main=0');
    expect(calls(r.events)).toContain('term:b.init:b_term');
  });

  it('changes nothing for a clean boot', () => {
    const clean = compilePlan(unikraftProfile(), [{ id: 'a.init', level: 'lib' }, { id: 'app.main', kind: 'main' }]);
    const r = run(clean, { keepGoing: true });
    expect(r.outcome).toEqual(run(clean).outcome);
  });
});

describe('teardown of mounts', () => {
  it('a term that needs /dev faults once the term that unmounts / has run, though /dev has no term', () => {
    const specs: EntrySpec[] = [
      { id: 'app.flush', fn: null, level: 'rootfs', prio: 0, term: { fn: 'flush_logs', uses: ['mount:/dev'] } },
      rootfs,
      { id: 'devfs.devfs_automount', level: 'rootfs', prio: 5, uses: ['mount:/'], effects: [{ kind: 'mount', args: { dev: 'none', at: '/dev', fs: 'devfs', mkmp: true } }] },
      { id: 'app.main', kind: 'main' },
    ];
    const r = run(compilePlan(unikraftProfile(), specs, ramRoot));
    expect(r.outcome.fault).toMatchObject({ kind: 'term', id: 'app.flush', capability: 'mount:/dev', provider: 'vfscore.vfscore_automount' });
    // Registered after the automount (a term-only entry at rootfs 9) it runs first and is fine.
    const fixed = specs.map((s) => (s.id === 'app.flush' ? { ...s, prio: 9 } : s));
    expect(run(compilePlan(unikraftProfile(), fixed, ramRoot)).outcome.target).toBe('HALT');
  });
});
