/**
 * Trace → text → trace. JSON Lines: `writeJsonl` → `parseJsonl` gives the same events and
 * writes back byte for byte (and `parseAnyTrace` reads it as JSON Lines without errors). Console:
 * for Unikraft and Linux profiles, `renderConsole` of a run's events read back with
 * `parseAnyTrace` gives the same sequence of calls, error returns, term calls, faults and halts
 * as the original trace — everything the real console can show. Runs include clean boots, broken
 * plans, several link orders and injected failures (`fail`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Compiled } from '../../compiler/types.js';
import { parseAnyTrace } from '../../traces/logs/detect.js';
import { parseJsonl, renderConsole, run, writeJsonl, type RunOptions } from '../../runtime/index.js';
import type { TraceEvent } from '../../traces/events.js';
import { RUNS } from './arbitraries.js';
import { anyCase, checkText, HOST, linkOrdersFor, type PlanCase } from './harness.js';

/** A run of the case: one of its link orders, sometimes with an initcall made to fail. */
const runArb = fc.record({ order: fc.nat(), seed: fc.nat({ max: 0xffffffff }), fail: fc.option(fc.record({ pick: fc.nat(), rc: fc.integer({ min: -130, max: -1 }) }), { nil: undefined }) });

type RunChoice = typeof runArb extends fc.Arbitrary<infer T> ? T : never;

function runCase(g: PlanCase, r: RunChoice): { compiled: Compiled; events: TraceEvent[] } {
  const { compiled } = checkText(g.text);
  const orders = linkOrdersFor(g.profile, [r.seed]);
  const options: RunOptions = { linkOrder: orders[r.order % orders.length]!, host: HOST };
  const failable = compiled.entries.filter((e) => e.kind === 'initcall' && e.fn !== null);
  if (r.fail && failable.length > 0) options.fail = { id: failable[r.fail.pick % failable.length]!.id, rc: r.fail.rc };
  return { compiled, events: run(compiled, options).events };
}

/** What a Unikraft console shows of a trace (ukboot prints init returns only when they stop the boot, early-table calls never). */
function unikraftView(compiled: Compiled, events: readonly TraceEvent[]): string[] {
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const TABLE = { early: 'earlytab', ctor: 'ctors', initcall: 'inittab', init_array: 'init_array', main: 'main', step: 'steps' } as const;
  const out: string[] = [];
  for (const e of events) {
    const entry = e.id === undefined ? undefined : byId.get(e.id);
    // uk_boot_early_init prints nothing per early-table entry.
    if (e.ev === 'call' && entry && entry.kind !== 'early') out.push(entry.kind === 'main' ? 'call main main' : `call ${TABLE[entry.kind]} ${e.fn}`);
    if (e.ev === 'return' && entry?.kind === 'main') out.push(`return main main ${e.rc}`);
    if (e.ev === 'return' && entry?.kind === 'initcall' && (e.rc ?? 0) < 0) out.push(`return inittab ${e.fn} ${e.rc}`);
    if (e.ev === 'term') out.push(`term ${e.fn}`);
    if (e.ev === 'fault') out.push('fault');
    if (e.ev === 'halt') out.push(`halt ${e.target}`);
  }
  return out;
}

function unikraftParsedView(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.ev === 'call') out.push(`call ${e.table} ${e.fn}`);
    if (e.ev === 'return') out.push(`return ${e.table} ${e.fn} ${e.rc}`);
    if (e.ev === 'term') out.push(`term ${e.fn}`);
    if (e.ev === 'fault') out.push('fault');
    if (e.ev === 'halt') out.push(`halt ${e.target}`);
  }
  return out;
}

/** What a Linux initcall_debug console shows: every initcall's call and return, init, the end. */
function linuxView(compiled: Compiled, events: readonly TraceEvent[]): string[] {
  const byId = new Map(compiled.entries.map((e) => [e.id, e]));
  const out: string[] = [];
  for (const e of events) {
    const entry = e.id === undefined ? undefined : byId.get(e.id);
    // uk_boot_early_init prints nothing per early-table entry.
    if (e.ev === 'call' && entry && entry.kind !== 'early') out.push(entry.kind === 'main' ? 'call main' : `call ${e.fn}`);
    if (e.ev === 'return' && entry && entry.kind !== 'main') out.push(`return ${e.fn} ${e.rc}`);
    if (e.ev === 'halt') out.push(`halt ${e.target}`);
  }
  return out;
}

function linuxParsedView(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.ev === 'call') out.push(e.table === 'main' ? 'call main' : `call ${e.fn}`);
    if (e.ev === 'return') out.push(`return ${e.fn} ${e.rc}`);
    if (e.ev === 'halt') out.push(`halt ${e.target}`);
  }
  return out;
}

describe('trace round trips', () => {
  it('a run is deterministic: the same plan and options, byte-identical trace and console', () => {
    fc.assert(fc.property(anyCase, runArb, (g, r) => {
      const once = runCase(g, r);
      const again = runCase(g, r);
      expect(writeJsonl(again.events)).toBe(writeJsonl(once.events));
      expect(renderConsole(again.events, again.compiled.profile.log)).toBe(renderConsole(once.events, once.compiled.profile.log));
    }), { numRuns: RUNS });
  });

  it('JSON Lines: write, read, write again: the same events, the same bytes', () => {
    fc.assert(fc.property(anyCase, runArb, (g, r) => {
      const { events } = runCase(g, r);
      const text = writeJsonl(events);
      const back = parseJsonl(text);
      expect(back.errors).toEqual([]);
      expect(back.events).toEqual(JSON.parse(JSON.stringify(events)));
      expect(writeJsonl(back.events)).toBe(text);
      const any = parseAnyTrace(text);
      expect(any.format).toBe('jsonl');
      expect(any.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(any.events.map((e) => [e.ev, e.id, e.fn, e.rc])).toEqual(events.map((e) => [e.ev, e.id, e.fn, e.rc]));
    }), { numRuns: RUNS });
  });

  it('console: Unikraft and Linux logs read back to the calls, returns, terms, faults and halts of the trace', () => {
    let consoles = 0;
    fc.assert(fc.property(anyCase, runArb, (g, r) => {
      const { compiled, events } = runCase(g, r);
      const format = compiled.profile.log;
      if (format === 'zephyr') return;
      consoles++;
      const text = renderConsole(events, format);
      const parsed = parseAnyTrace(text);
      expect(parsed.format).toBe(format);
      expect(parsed.diagnostics.filter((d) => d.severity !== 'note').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      if (format === 'unikraft') expect(unikraftParsedView(parsed.events)).toEqual(unikraftView(compiled, events));
      else expect(linuxParsedView(parsed.events)).toEqual(linuxView(compiled, events));
    }), { numRuns: RUNS });
    expect(consoles).toBeGreaterThan(RUNS / 3);
  });
});
