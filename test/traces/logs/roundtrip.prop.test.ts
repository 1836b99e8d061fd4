/**
 * The machine's console and the log parsers agree: trace → console log → parsed trace gives the
 * same calls, returns and terms, for random plans and link orders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../../runtime/index.js';
import { parseLinuxInitcallLog } from '../../../traces/logs/linux.js';
import { parseUnikraftLog } from '../../../traces/logs/unikraft.js';
import type { TraceEvent } from '../../../traces/events.js';
import { compilePlan, linuxProfile, unikraftProfile, type EntrySpec } from '../../runtime/helpers.js';

const fnName = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);

const unikraftEntry = fc.record({
  fn: fnName,
  kind: fc.constantFrom('ctor', 'initcall', 'initcall', 'initcall', 'init_array'),
  level: fc.constantFrom('early', 'plat', 'lib', 'rootfs', 'sys', 'late'),
  prio: fc.integer({ min: 0, max: 9 }),
  fails: fc.integer({ min: 0, max: 12 }),
  term: fc.option(fnName, { nil: undefined }),
  termOnly: fc.boolean(),
});

const linuxEntry = fc.record({
  fn: fnName,
  level: fc.constantFrom('console', 'early', 'pure', 'core', 'arch', 'fs', 'rootfs', 'device', 'late'),
  rc: fc.constantFrom(0, 0, 0, -19, -2, 1),
  cost: fc.integer({ min: 0, max: 5_000_000 }),
});

const linkOrder = fc.oneof(
  fc.constant({ kind: 'declared' as const }),
  fc.constant({ kind: 'reverse' as const }),
  fc.integer({ min: 0, max: 0xffffffff }).map((seed) => ({ kind: 'random' as const, seed })),
);

const short = (events: readonly TraceEvent[], kinds: string[]) =>
  events.filter((e) => kinds.includes(e.ev)).map((e) => `${e.ev}:${e.fn}${e.ev === 'return' ? `=${e.rc}` : ''}`);

describe('console round trip', () => {
  it('Unikraft: calls, init errors, main and terms survive console → parser', () => {
    fc.assert(
      fc.property(fc.array(unikraftEntry, { maxLength: 25 }), fc.integer({ min: -3, max: 3 }), linkOrder, (raw, mainRc, order) => {
        const specs: EntrySpec[] = raw.map((r, i) => ({
          id: `lib${i}.${r.fn}`,
          kind: r.kind as EntrySpec['kind'],
          ...(r.kind === 'initcall' ? { level: r.level, prio: r.prio } : r.kind === 'ctor' ? { prio: r.prio } : {}),
          ...(r.kind === 'initcall' && r.fails === 0 ? { returns: -5 } : {}),
          ...(r.kind === 'initcall' && r.term ? { term: r.term, ...(r.termOnly ? { fn: null } : {}) } : {}),
        }));
        specs.push({ id: 'app.main', kind: 'main', returns: mainRc });
        const r = run(compilePlan(unikraftProfile(), specs), { linkOrder: order });
        const parsed = parseUnikraftLog(r.console);
        expect(parsed.diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
        // Unikraft prints no return for a successful init function: only errors and main's.
        const returns = r.events.filter((e) => e.ev !== 'return' || e.rc! < 0 || e.fn === 'main');
        expect(short(parsed.events, ['call', 'return', 'term'])).toEqual(short(returns, ['call', 'return', 'term']));
        const halt = parsed.events.filter((e) => e.ev === 'halt');
        expect(halt.map((e) => e.target)).toEqual([r.outcome.target]);
      }),
      { numRuns: 200 },
    );
  });

  it('Linux: every call and return, with its code and duration, survives console → parser', () => {
    fc.assert(
      fc.property(fc.array(linuxEntry, { maxLength: 40 }), linkOrder, (raw, order) => {
        const specs: EntrySpec[] = raw.map((r, i) => ({ id: `m${i}.${r.fn}`, level: r.level, returns: r.rc, cost: r.cost }));
        const r = run(compilePlan(linuxProfile(), specs), { linkOrder: order });
        const parsed = parseLinuxInitcallLog(r.console);
        expect(parsed.diagnostics).toEqual([]);
        expect(short(parsed.events, ['call', 'return'])).toEqual(short(r.events, ['call', 'return']));
        const calls = r.events.filter((e) => e.ev === 'call');
        parsed.events.filter((e) => e.ev === 'call').forEach((e, i) => {
          expect(e.t).toBe(Math.floor(calls[i]!.t / 1000) * 1000);
          expect(e.pid).toBe(calls[i]!.level === 'console' ? 0 : 1);
        });
        const cost = new Map(specs.map((s) => [s.id, s.cost!]));
        const returns = r.events.filter((e) => e.ev === 'return');
        parsed.events.filter((e) => e.ev === 'return').forEach((e, i) => {
          expect(e.durationNs).toBe(Math.floor(cost.get(returns[i]!.id!)! / 1000) * 1000);
        });
      }),
      { numRuns: 200 },
    );
  });
});
