import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../compiler/types.js';
import type { LogFormat, ParsedLog } from '../../../traces/logs/parsed-log.js';
import type { TraceEvent } from '../../../traces/events.js';
import { verifyTrace } from '../../../traces/verify/conformance.js';
import { makeCompiled } from './compiled-by-hand.js';

/** A parsed log from short event specs; line = position + 1, t = 1 ms per event. */
function log(format: LogFormat, specs: Array<Partial<TraceEvent> & { ev: TraceEvent['ev'] }>): ParsedLog {
  return { format, diagnostics: [], events: specs.map((s, i) => ({ seq: i, t: i * 1_000_000, line: i + 1, ...s })) };
}
const call = (fn: string, extra: Partial<TraceEvent> = {}) => ({ ev: 'call' as const, table: 'inittab', fn, ...extra });
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

const plan = makeCompiled([
  { id: 'bus.bus_init', level: 'plat', prio: 0 },
  { id: 'fdtab.fdtab_init', level: 'lib', prio: 0 },
  { id: 'vfs.automount', level: 'rootfs', prio: 4, term: 'autoumount' },
  { id: 'devfs.devfs_automount', level: 'rootfs', prio: 5 },
  { id: 'fdtab.term_fdtab', level: 'rootfs', prio: 9, fn: null, term: 'term_fdtab' },
  { id: 'tty.tty_init', level: 'rootfs', prio: 9 },
  { id: 'app.main', kind: 'main', fn: 'main' },
]);
const goodBoot = [
  call('bus_init'), call('fdtab_init'), call('automount'), call('devfs_automount'), call('tty_init'),
  { ev: 'call' as const, table: 'main', fn: 'main' }, { ev: 'return' as const, table: 'main', fn: 'main', rc: 0 },
  { ev: 'phase' as const, name: 'teardown', target: 'HALT' as const },
  { ev: 'term' as const, fn: 'term_fdtab' }, { ev: 'term' as const, fn: 'autoumount' }, { ev: 'halt' as const, target: 'HALT' as const },
];

describe('verifyTrace: a boot that follows the plan', () => {
  it('maps every call and reports nothing', () => {
    const report = verifyTrace(plan, log('unikraft', goodBoot), { traceFile: 'boot.log' });
    expect(report.diagnostics).toEqual([]);
    expect(report.summary).toMatchObject({ calls: 6, mapped: 6, unmapped: 0, missing: 0, notReached: 0, outOfOrder: 0, terms: 2, termsOutOfOrder: 0, termsMissing: 0 });
    expect(report.mapping.map((m) => m.id)).toEqual(['bus.bus_init', 'fdtab.fdtab_init', 'vfs.automount', 'devfs.devfs_automount', 'tty.tty_init', 'app.main']);
    expect(report.stopped).toBeNull();
  });
});

describe('verifyTrace: order', () => {
  it('finds a requirement the trace breaks, at the later entry\'s line', () => {
    const withEdge = makeCompiled([
      { id: 'a.provider', level: 'rootfs', prio: 4 },
      { id: 'b.user', level: 'rootfs', prio: 4 },
    ], { edges: [{ from: 'a.provider', to: 'b.user', reason: { kind: 'uses', capability: 'mount:/' }, status: 'race' }] });
    const report = verifyTrace(withEdge, log('unikraft', [call('user'), call('provider')]), { traceFile: 'boot.log' });
    expect(codes(report.diagnostics)).toEqual(['VERIFY_ORDER']);
    const d = report.diagnostics[0]!;
    expect(d.subjects).toEqual(['b.user', 'a.provider']);
    expect(d.location).toEqual({ file: 'boot.log', line: 1, column: 1 });
    expect(d.message).toContain('`mount:/`');
    expect(d.related![0]!.location).toEqual({ file: 'boot.log', line: 2, column: 1 });
  });

  it('blames exactly the two entries of a swap across levels', () => {
    const swapped = [call('bus_init'), call('tty_init'), call('automount'), call('devfs_automount'), call('fdtab_init')];
    const report = verifyTrace(plan, log('unikraft', swapped));
    expect(report.summary.outOfOrder).toBe(2);
    expect(report.diagnostics.filter((d) => d.code === 'VERIFY_ORDER').map((d) => d.subjects)).toEqual([
      ['tty.tty_init', 'vfs.automount'],
      ['fdtab.fdtab_init', 'devfs.devfs_automount'],
    ]);
    const order = report.diagnostics.filter((d) => d.code === 'VERIFY_ORDER');
    expect(order[0]!.message).toContain('priority 4, which runs before priority 9');
    expect(order[1]!.message).toContain('at level `lib`, which runs before level `rootfs`');
  });

  it('holds equal keys to declaration order only where link order is the rule', () => {
    const specs = [{ id: 'a.first', level: 'device' }, { id: 'b.second', level: 'device' }];
    const trace = log('linux', [call('second', { table: 'initcalls' }), call('first', { table: 'initcalls' })]);
    const linkOrder = verifyTrace(makeCompiled(specs, { ties: 'link-order' }), trace);
    expect(codes(linkOrder.diagnostics)).toEqual(['VERIFY_ORDER']);
    expect(linkOrder.diagnostics[0]!.message).toContain('link order');
    expect(verifyTrace(makeCompiled(specs, { ties: 'unspecified' }), trace).diagnostics).toEqual([]);
  });

  it('tells functions of one name apart by symbol size before falling back to order', () => {
    const twins = makeCompiled([
      { id: 'xen.xenbus_init', level: 'early', note: 'xenbus_init+0x0/0x350' },
      { id: 'xenfront.xenbus_init', level: 'late', note: 'xenbus_init+0x0/0x3a' },
    ], { ties: 'link-order' });
    const inOrder = verifyTrace(twins, log('linux', [call('xenbus_init', { symSize: 0x350 }), call('xenbus_init', { symSize: 0x3a })]));
    expect(inOrder.diagnostics).toEqual([]);
    const reversed = verifyTrace(twins, log('linux', [call('xenbus_init', { symSize: 0x3a }), call('xenbus_init', { symSize: 0x350 })]));
    expect(reversed.mapping.map((m) => m.id)).toEqual(['xenfront.xenbus_init', 'xen.xenbus_init']);
    expect(codes(reversed.diagnostics)).toEqual(['VERIFY_ORDER']);
  });
});

describe('verifyTrace: what ran and what did not', () => {
  it('reports a planned entry the trace skipped', () => {
    const report = verifyTrace(plan, log('unikraft', goodBoot.filter((e) => e.fn !== 'devfs_automount')));
    expect(codes(report.diagnostics)).toEqual(['VERIFY_NOT_RUN']);
    expect(report.diagnostics[0]!.source).toEqual({ file: 'plan.yaml', path: ['libraries', 'devfs', 'initcalls', 3] });
    expect(report.summary.missing).toBe(1);
  });

  it('reports entries that are not in the plan, and a second run of one that is', () => {
    const report = verifyTrace(plan, log('unikraft', [...goodBoot.slice(0, 5), call('mystery_init'), call('tty_init'), ...goodBoot.slice(5)]));
    expect(report.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['VERIFY_UNPLANNED', 6], ['VERIFY_UNPLANNED', 7]]);
    expect(report.diagnostics[1]!.message).toContain('ran again');
    expect(report.summary.unmapped).toBe(2);
  });

  it('reports the first repeats of a planned entry one by one and the rest in one finding (a million repeats stay a few findings)', () => {
    const repeats = Array.from({ length: 40 }, () => call('tty_init'));
    const report = verifyTrace(plan, log('unikraft', [...goodBoot, ...repeats]));
    const unplanned = report.diagnostics.filter((d) => d.code === 'VERIFY_UNPLANNED');
    expect(unplanned.length).toBe(6);
    expect(unplanned.slice(0, 5).every((d) => d.message.includes('ran again'))).toBe(true);
    expect(unplanned[5]!.message).toContain('ran 35 more times after that');
    expect(report.summary.unmapped).toBe(40);
  });

  it('counts a return whose call line is missing as run, and says so', () => {
    const linuxPlan = makeCompiled([{ id: 'a.one', level: 'core' }, { id: 'b.two', level: 'core' }], { ties: 'link-order', canFail: false });
    const report = verifyTrace(linuxPlan, log('linux', [
      call('one', { table: 'initcalls' }), { ev: 'return', fn: 'one', rc: 0 }, { ev: 'return', fn: 'two', rc: 0 },
    ]));
    expect(codes(report.diagnostics)).toEqual(['VERIFY_ORPHAN_RETURN']);
    expect(report.summary).toMatchObject({ mapped: 2, missing: 0 });
  });

  it('says once that calls printed as addresses cannot be matched, instead of calling everything missing', () => {
    const report = verifyTrace(plan, log('unikraft', [call('0x1314b0'), call('0x100220'), { ev: 'call', table: 'main', fn: 'main' }]));
    expect(codes(report.diagnostics)).toEqual(['VERIFY_UNNAMED']);
    expect(report.diagnostics[0]!.hint).toContain('--symbols');
    expect(report.summary).toMatchObject({ unmapped: 2, missing: 0, unobservable: 5 });
  });
});

describe('verifyTrace: failures and where the boot stopped', () => {
  const failing = [
    call('bus_init'), call('fdtab_init'), call('automount'), call('devfs_automount'),
    { ev: 'return' as const, table: 'inittab', fn: 'devfs_automount', rc: -5 },
    { ev: 'phase' as const, name: 'teardown', target: 'CRASH' as const },
    { ev: 'term' as const, fn: 'autoumount' }, { ev: 'halt' as const, target: 'CRASH' as const },
  ];

  it('reports an unplanned init failure once, and the entries after it only as a note', () => {
    const report = verifyTrace(plan, log('unikraft', failing));
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([['VERIFY_FAILED', 'error'], ['VERIFY_STOPPED', 'note']]);
    expect(report.diagnostics[0]!.message).toContain('-5 (-EIO)');
    expect(report.summary).toMatchObject({ notReached: 2, missing: 0, failed: 1 });
    expect(report.stopped).toMatchObject({ line: 5 });
  });

  it('is quiet about a failure the plan injects', () => {
    const injected = makeCompiled(plan.entries.map((e) => ({
      id: e.id, kind: e.kind, level: e.level ?? undefined, prio: e.prio, fn: e.fn, term: e.term?.fn,
      returns: e.id === 'devfs.devfs_automount' ? -5 : 0,
    })));
    expect(codes(verifyTrace(injected, log('unikraft', failing)).diagnostics)).toEqual(['VERIFY_STOPPED']);
  });

  it('expects the terms of the entries before the failing one', () => {
    const report = verifyTrace(plan, log('unikraft', failing.filter((e) => e.ev !== 'term')));
    expect(codes(report.diagnostics)).toContain('VERIFY_TERM_NOT_RUN');
    expect(report.diagnostics.find((d) => d.code === 'VERIFY_TERM_NOT_RUN')!.subjects).toEqual(['vfs.automount']);
  });

  it('treats non-zero returns of tables that cannot fail (Linux) as notes', () => {
    const linuxPlan = makeCompiled([{ id: 'xen.xenbus_init', level: 'device' }], { ties: 'link-order', canFail: false });
    const report = verifyTrace(linuxPlan, log('linux', [call('xenbus_init', { table: 'initcalls' }), { ev: 'return', fn: 'xenbus_init', rc: -19, durationNs: 0 }]));
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([['VERIFY_FAILED', 'note']]);
    expect(report.diagnostics[0]!.message).toContain('ENODEV');
  });

  it('calls a crash before planned entries an error, and a cut-off log a warning', () => {
    const crashed = verifyTrace(plan, log('unikraft', [call('bus_init'), { ev: 'fault', reason: 'Unhandled page fault' }]));
    expect(crashed.diagnostics.map((d) => [d.code, d.severity])).toEqual([['VERIFY_STOPPED', 'error']]);
    expect(crashed.diagnostics[0]!.message).toContain('Unhandled page fault');
    const cut = verifyTrace(plan, log('unikraft', [call('bus_init'), call('fdtab_init')]));
    expect(cut.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([['VERIFY_STOPPED', 'warning', 2]]);
    expect(cut.summary.notReached).toBe(4);
  });
});

describe('verifyTrace: teardown and time', () => {
  it('reports term functions that run in table order instead of reverse', () => {
    const forward = goodBoot.map((e) => (e.ev === 'term' ? { ...e, fn: e.fn === 'term_fdtab' ? 'autoumount' : 'term_fdtab' } : e));
    const report = verifyTrace(plan, log('unikraft', forward));
    expect(codes(report.diagnostics)).toEqual(['VERIFY_TERM_ORDER']);
    expect(report.diagnostics[0]!.subjects).toEqual(['fdtab.term_fdtab', 'vfs.automount']);
  });

  it('compares measured time with declared cost only where a cost is declared', () => {
    const costly = makeCompiled([{ id: 'a.slow', level: 'lib', cost: 1_000_000 }, { id: 'b.quick', level: 'lib', cost: 10_000_000 }, { id: 'c.free', level: 'sys' }]);
    const report = verifyTrace(costly, log('unikraft', [call('slow'), { ev: 'log', msg: 'noise' }, call('quick'), call('free'), { ev: 'halt', target: 'HALT' }]));
    expect(report.diagnostics.map((d) => [d.code, d.subjects])).toEqual([['VERIFY_SLOW', ['a.slow']]]);
    expect(report.diagnostics[0]!.message).toContain('2.00 ms');
    expect(report.timings).toEqual([
      { id: 'a.slow', durationNs: 2_000_000, costNs: 1_000_000, line: 1 },
      { id: 'b.quick', durationNs: 1_000_000, costNs: 10_000_000, line: 3 },
      { id: 'c.free', durationNs: 1_000_000, costNs: 0, line: 4 },
    ]);
  });

  it('matches JSON Lines events by id even when two libraries share a function name', () => {
    const twins = makeCompiled([{ id: 'a.init', level: 'lib' }, { id: 'b.init', level: 'sys' }]);
    const report = verifyTrace(twins, log('jsonl', [{ ev: 'call', id: 'b.init', fn: 'init' }, { ev: 'call', id: 'a.init', fn: 'init' }]));
    expect(report.mapping.map((m) => m.id)).toEqual(['b.init', 'a.init']);
    expect(codes(report.diagnostics)).toEqual(['VERIFY_ORDER']);
  });
});

describe('verifyTrace input', () => {
  it('accepts a bare event list and guesses its format', () => {
    const linuxPlan = makeCompiled([{ id: 'a.one', level: 'core' }], { ties: 'link-order', canFail: false });
    const report = verifyTrace(linuxPlan, [{ seq: 0, t: 0, ev: 'call', table: 'initcalls', fn: 'one', pid: 1, line: 3 }]);
    expect(report.format).toBe('linux');
    expect(report.summary.mapped).toBe(1);
  });

  it('never throws on events of the wrong shape', () => {
    const junk = [null, 3, { ev: 'return' }, { ev: 'term' }, { ev: 'call' }, { ev: 'halt' }] as unknown as TraceEvent[];
    expect(() => verifyTrace(plan, junk)).not.toThrow();
    expect(() => verifyTrace(plan, {} as ParsedLog)).not.toThrow();
  });
});

describe('VERIFY_CODES', () => {
  it('documents every code verify produces in these tests', async () => {
    const { VERIFY_CODES } = await import('../../../traces/verify/verify-codes.js');
    const source = (await import('node:fs')).readFileSync(new URL('../../../traces/verify/conformance.ts', import.meta.url), 'utf8');
    const used = new Set([...source.matchAll(/'(VERIFY_[A-Z_]+)'/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(8);
    for (const code of used) expect(VERIFY_CODES[code]?.doc.length ?? 0).toBeGreaterThan(20);
  });
});

describe('verifyTrace: readable on a plan that is a small part of the image', () => {
  const linuxPlan = makeCompiled([{ id: 'a.one', level: 'core' }, { id: 'b.two', level: 'core' }], { ties: 'link-order', canFail: false });
  const withReturns = (fns: string[]) => fns.flatMap((fn) => [call(fn, { table: 'initcalls' }), { ev: 'return' as const, table: 'initcalls', fn, rc: 0 }]);

  it('counts each call once and calls no return of an unplanned call an orphan', () => {
    const report = verifyTrace(linuxPlan, log('linux', withReturns(['one', 'x1', 'two'])));
    expect(codes(report.diagnostics)).toEqual(['VERIFY_UNPLANNED']);
    expect(report.summary).toMatchObject({ calls: 3, mapped: 2, unmapped: 1 });
  });

  it('reports a few unplanned calls one by one and many in one finding with the count and the first', () => {
    const few = verifyTrace(linuxPlan, log('linux', withReturns(['one', 'x1', 'x2', 'two'])));
    expect(few.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['VERIFY_UNPLANNED', 3], ['VERIFY_UNPLANNED', 5]]);
    const names = Array.from({ length: 8 }, (_, i) => `x${i}`);
    const many = verifyTrace(linuxPlan, log('linux', withReturns(['one', ...names, 'two'])));
    expect(many.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['VERIFY_UNPLANNED', 3]]);
    expect(many.diagnostics[0]!.message).toMatch(/^8 calls .*`x0` \(line 3\)/);
    expect(many.diagnostics[0]!.subjects).toEqual(names);
    expect(many.summary).toMatchObject({ calls: 10, unmapped: 8 });
    const each = verifyTrace(linuxPlan, log('linux', withReturns(['one', ...names, 'two'])), { unplannedEachUpTo: Infinity });
    expect(codes(each.diagnostics)).toEqual(names.map(() => 'VERIFY_UNPLANNED'));
  });

  it('still calls a return without any call an orphan', () => {
    const report = verifyTrace(linuxPlan, log('linux', [...withReturns(['x1']), { ev: 'return', table: 'initcalls', fn: 'x1', rc: 0 }, ...withReturns(['one', 'two'])]));
    expect(codes(report.diagnostics)).toEqual(['VERIFY_UNPLANNED', 'VERIFY_ORPHAN_RETURN', 'VERIFY_UNPLANNED']);
  });
});

describe('verifyTrace: time against declared cost', () => {
  const costed = makeCompiled([{ id: 'a.one', level: 'core', cost: 10_000_000 }, { id: 'b.two', level: 'core', cost: 10_000_000 }], { ties: 'link-order', canFail: false });
  const boot = (oneUs: number) => log('linux', [
    call('one', { table: 'initcalls' }), { ev: 'return', table: 'initcalls', fn: 'one', rc: 0, durationNs: oneUs * 1000 },
    call('two', { table: 'initcalls' }), { ev: 'return', table: 'initcalls', fn: 'two', rc: 0, durationNs: 9_000_000 },
  ]);

  it('does not call a rounding of the declared cost slow, but what exceeds the tolerance', () => {
    expect(codes(verifyTrace(costed, boot(10_400)).diagnostics)).toEqual([]);
    expect(codes(verifyTrace(costed, boot(14_900)).diagnostics)).toEqual([]);
    const slow = verifyTrace(costed, boot(15_100));
    expect(codes(slow.diagnostics)).toEqual(['VERIFY_SLOW']);
    expect(slow.diagnostics[0]!.message).toContain('1.5×');
  });

  it('takes the tolerance from the caller, and shows two decimals near 1×', () => {
    const strict = verifyTrace(costed, boot(10_400), { slowFactor: 1 });
    expect(codes(strict.diagnostics)).toEqual(['VERIFY_SLOW']);
    expect(strict.diagnostics[0]!.message).toContain('1.04×');
    expect(strict.summary.slow).toBe(1);
  });

  it('reports where the trace ends in time', () => {
    expect(verifyTrace(costed, boot(1)).end).toEqual({ ns: 3_000_000, line: 4 });
    expect(verifyTrace(costed, log('linux', [])).end).toBeNull();
  });
});
