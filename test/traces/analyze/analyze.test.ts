import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan, loadPlanText } from '../../../compiler/index.js';
import type { Compiled } from '../../../compiler/types.js';
import { run } from '../../../runtime/index.js';
import { analyze, measureBoot } from '../../../traces/analyze/analyze.js';
import { AFTER_LAST } from '../../../traces/analyze/phases.js';
import type { Analysis } from '../../../traces/analyze/types.js';
import type { TraceEvent } from '../../../traces/events.js';
import type { ParsedLog } from '../../../traces/logs/parsed-log.js';

const PLAN = `bootplan: 1
name: t
profile: unikraft@0.17
target: qemu/x86_64
libraries:
  a:
    initcalls:
      - { fn: slow, level: lib, prio: 0, provides: [x], cost: 5ms }
      - { fn: idle, level: lib, prio: 1, cost: 3ms }
  b:
    initcalls:
      - { fn: needs_x, level: sys, prio: 0, uses: [x], provides: [y], cost: 1ms }
  app:
    main: { uses: [y], cost: 2ms }
`;

function compiledOf(text: string): Compiled {
  const { compiled, diagnostics } = compile(loadPlanText('/virtual/plan.yaml', text));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compiled!;
}
const asLog = (events: TraceEvent[], format: ParsedLog['format'] = 'jsonl'): ParsedLog => ({ format, events, diagnostics: [] });
const ids = (spans: ReadonlyArray<{ id: string }>) => spans.map((s) => s.id);
const MS = 1e6;
const ev = (seq: number, t: number, e: Partial<TraceEvent>): TraceEvent => ({ seq, t, ev: 'call', line: seq + 1, ...e });
// Every bundled plan of the systems the machine boots.
const dir = fileURLToPath(new URL('../../../specs/plans/', import.meta.url));
const plans = ['unikraft', 'linux', 'zephyr'].flatMap((system) => readdirSync(`${dir}${system}`).filter((f) => f.endsWith('.yaml')).map((f) => `${system}/${f}`));

describe('analyze from declared costs', () => {
  const compiled = compiledOf(PLAN);
  const { analysis } = analyze(compiled);

  it('lays the entries out in the default order, blame slowest first', () => {
    expect(analysis.source).toBe('declared');
    expect(ids(analysis.blame.filter((r) => r.kind !== 'step')).slice(0, 4)).toEqual(['a.slow', 'a.idle', 'app.main', 'b.needs_x']);
    const slow = analysis.blame.find((r) => r.id === 'a.slow')!;
    const idle = analysis.blame.find((r) => r.id === 'a.idle')!;
    expect(slow.duration).toBe(5 * MS);
    expect(idle.start).toBe(slow.start + 5 * MS);
    expect(analysis.total).toBe(analysis.spans.reduce((t, s) => t + s.duration, 0));
  });

  it('finds the critical chain to main through what main needs', () => {
    expect(analysis.chainEnds).toBe('main');
    expect(ids(analysis.criticalChain)).toEqual(['a.slow', 'b.needs_x', 'app.main']);
  });

  it('gives slack up to the first entry that needs it, and names that entry', () => {
    const slow = analysis.blame.find((r) => r.id === 'a.slow')!;
    expect(slow.neededBy).toBe('b.needs_x');
    // a.idle (3 ms) runs between a.slow and b.needs_x.
    expect(slow.slack).toBe(3 * MS);
    // Only the banner (a core step) runs between b.needs_x and main.
    const needs = analysis.blame.find((r) => r.id === 'b.needs_x')!;
    const banner = analysis.spans.find((s) => s.id === 'core.banner')!;
    expect(needs).toMatchObject({ neededBy: 'app.main', slack: banner.duration });
  });

  it('names the entries main does not need as defer candidates, slowest first', () => {
    expect(ids(analysis.defer)).toEqual(['a.idle']);
    const idle = analysis.blame.find((r) => r.id === 'a.idle')!;
    const main = analysis.spans.find((s) => s.kind === 'main')!;
    expect(idle).toMatchObject({ neededBy: null, slack: main.start - (idle.start + idle.duration) });
  });

  it('tiles the boot with phases in boot order', () => {
    const names = analysis.phases.map((p) => p.phase);
    expect(names.indexOf('ctors')).toBeLessThan(names.indexOf('alloc'));
    expect(names.indexOf('inittab.lib')).toBeLessThan(names.indexOf('inittab.sys'));
    expect(names.at(-1)).toBe('main');
    const lib = analysis.phases.find((p) => p.phase === 'inittab.lib')!;
    expect(lib).toMatchObject({ busy: 8 * MS, entries: 2, observed: true });
    for (let i = 1; i < analysis.phases.length; i++) expect(analysis.phases[i]!.start).toBe(analysis.phases[i - 1]!.end);
    expect(analysis.phases[0]!.start).toBe(0);
    expect(analysis.phases.at(-1)!.end).toBe(analysis.total);
  });

  it('stops the declared boot at an initcall that fails where the table stops the boot', () => {
    const failing = compiledOf(PLAN.replace('{ fn: idle, level: lib, prio: 1, cost: 3ms }', '{ fn: idle, level: lib, prio: 1, cost: 3ms, returns: -12 }'));
    const { analysis: a } = analyze(failing);
    expect(a.outcome).toMatchObject({ target: 'CRASH' });
    expect(a.spans.at(-1)).toMatchObject({ id: 'a.idle', failed: true, rc: -12 });
    expect(a.spans.some((s) => s.id === 'app.main')).toBe(false);
    expect(a.chainEnds).toBe('longest');
  });
});

function sameTimes(a: Analysis, b: Analysis): void {
  const strip = (x: Analysis) => x.blame.map((r) => [r.id, r.start, r.duration, r.slack, r.neededBy]);
  expect(strip(a)).toEqual(strip(b));
  expect(ids(a.criticalChain)).toEqual(ids(b.criticalChain));
  expect(ids(a.defer)).toEqual(ids(b.defer));
}

describe('analyze an emulated trace', () => {
  it('measures what the plan declares: the machine runs on the declared costs', () => {
    const compiled = compiledOf(PLAN);
    const { events } = run(compiled, {});
    const measured = analyze(compiled, asLog(events)).analysis;
    expect(measured.source).toBe('trace');
    sameTimes(measured, analyze(compiled).analysis);
  });

  it('covers every bundled system', () => expect(plans.length).toBeGreaterThanOrEqual(10));
  it.each(plans)('agrees with the declared analysis on the bundled %s', (file) => {
    const { compiled, diagnostics } = compile(loadPlan(`${dir}${file}`));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { events, outcome } = run(compiled!, {});
    expect(outcome.target).toBe('HALT');
    const measured = analyze(compiled!, asLog(events)).analysis;
    sameTimes(measured, analyze(compiled!).analysis);
    expect(measured.criticalChain.at(-1)!.kind).toBe('main');
  });

  it('marks a failing initcall and ends the chain where the boot ended', () => {
    const compiled = compiledOf(PLAN);
    const { events } = run(compiled, { fail: { id: 'a.idle', rc: -5 } });
    const { analysis } = analyze(compiled, asLog(events));
    expect(analysis.spans.find((s) => s.id === 'a.idle')).toMatchObject({ failed: true, rc: -5 });
    expect(analysis.outcome?.target).toBe('CRASH');
  });
});

describe('analyze a real log shape', () => {
  const compiled = compiledOf(PLAN);

  it('takes a Unikraft call without a return to last until the next call', () => {
    const events = [
      ev(0, 1000, { table: 'inittab', fn: 'slow' }),
      ev(1, 2000, { ev: 'log', msg: 'busy' }),
      ev(2, 9000, { table: 'inittab', fn: 'idle' }),
      ev(3, 9500, { table: 'inittab', fn: 'unknown_fn' }),
      ev(4, 10_000, { ev: 'halt', target: 'HALT' }),
    ];
    const { analysis } = analyze(compiled, asLog(events, 'unikraft'));
    expect(analysis.spans.map((s) => [s.id, s.kind, s.start, s.duration])).toEqual([
      ['a.slow', 'initcall', 1000, 8000], ['a.idle', 'initcall', 9000, 500], ['unknown_fn', 'unplanned', 9500, 500],
    ]);
    expect(analysis.total).toBe(10_000);
    // The planned entries the log does not show make up unobserved phases.
    expect(analysis.phases[0]).toMatchObject({ start: 0, end: 1000, observed: false });
    expect(analysis.phases.find((p) => p.phase === 'inittab.lib')).toMatchObject({ entries: 3, start: 1000 });
  });

  it('takes a Linux return\'s reported duration over the gap between the lines', () => {
    const events = [
      ev(0, 1000, { table: 'initcalls', fn: 'slow' }),
      ev(1, 9000, { ev: 'return', table: 'initcalls', fn: 'slow', rc: 0, durationNs: 7000 }),
      ev(2, 9500, { ev: 'return', table: 'initcalls', fn: 'idle', rc: -19, durationNs: 400 }),
    ];
    const { analysis } = analyze(compiled, asLog(events, 'linux'));
    expect(analysis.spans.map((s) => [s.id, s.start, s.duration, s.failed])).toEqual([['a.slow', 1000, 7000, false], ['a.idle', 9100, 400, true]]);
    expect(analysis.phases.at(-1)).toMatchObject({ phase: 'inittab.lib' });
    expect(analysis.phases.some((p) => p.phase === AFTER_LAST)).toBe(false);
  });

  it('never throws on an empty or hostile trace', () => {
    for (const events of [[], [ev(0, Number.NaN, {})], [ev(0, 5, { ev: 'return' })], [ev(0, 5, { ev: 'fault' }), ev(1, 1, { ev: 'phase', name: 'nope' })]]) {
      expect(() => analyze(compiled, asLog(events as TraceEvent[]))).not.toThrow();
    }
  });
});

describe('measureBoot (what a summary of many boots keeps)', () => {
  const same = (compiled: Compiled, log: ParsedLog) => {
    const { total, spans, phases } = analyze(compiled, log).analysis;
    expect(measureBoot(compiled, log)).toEqual({ total, spans, phases });
  };
  it.each(plans)('gives analyze\'s total, spans and phases for an emulated boot of %s', (file) => {
    const { compiled } = compile(loadPlan(`${dir}${file}`));
    const { events } = run(compiled!, {});
    expect(events.length).toBeGreaterThan(0);
    same(compiled!, asLog(events));
  });

  it('agrees on a boot that fails part way, and on Linux and Unikraft log shapes', () => {
    const compiled = compiledOf(PLAN);
    same(compiled, asLog(run(compiled, { fail: { id: 'a.idle', rc: -5 } }).events));
    same(compiled, asLog([ev(0, 1000, { table: 'inittab', fn: 'slow' }), ev(1, 9000, { table: 'inittab', fn: 'unknown_fn' }), ev(2, 10_000, { ev: 'halt', target: 'HALT' })], 'unikraft'));
    const linux = asLog([ev(0, 1000, { table: 'initcalls', fn: 'slow' }), ev(1, 9000, { ev: 'return', table: 'initcalls', fn: 'slow', rc: 0, durationNs: 7000 }), ev(2, 9500, { ev: 'return', table: 'initcalls', fn: 'idle', rc: -19, durationNs: 400 })], 'linux');
    same(compiled, linux);
    expect(measureBoot(compiled, linux).spans.map((s) => [s.id, s.failed])).toEqual([['a.slow', false], ['a.idle', true]]);
  });
});
