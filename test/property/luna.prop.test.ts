/**
 * The thread model held to the machine over generated multi-stage plans (luna-arbitraries.ts):
 * a plan with no errors runs without a fault in every schedule tried (declared, reverse, random);
 * every error's witness is a schedule the machine replays to the fault it names; every trace is
 * a linearization of the happens-before relation; the console is the trace's log events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText } from '../../compiler/index.js';
import { replayWitness, run, type LinkOrder } from '../../runtime/index.js';
import { RUNS } from './arbitraries.js';
import { seedsArb } from './harness.js';
import { lunaPlanArb } from './luna-arbitraries.js';

function compiled(text: string) {
  const { compiled: c, diagnostics } = compile(loadPlanText('/gen/luna.yaml', text));
  if (!c || diagnostics.some((d) => d.severity === 'error')) return null;
  return c;
}

const schedules = (seeds: number[]): LinkOrder[] => [{ kind: 'declared' }, { kind: 'reverse' }, ...seeds.map((seed) => ({ kind: 'random' as const, seed }))];

describe('thread model: checker and machine agree', () => {
  it('a plan check passes runs without a fault in every schedule (sound)', () => {
    let clean = 0;
    fc.assert(fc.property(lunaPlanArb, seedsArb, (c, seeds) => {
      const plan = compiled(c.text);
      if (!plan) return;
      if (check(plan).some((d) => d.severity === 'error')) return;
      clean++;
      for (const linkOrder of schedules(seeds)) {
        const r = run(plan, { linkOrder });
        expect({ order: linkOrder, faults: r.events.filter((e) => e.ev === 'fault').map((e) => e.reason) }).toEqual({ order: linkOrder, faults: [] });
      }
    }), { numRuns: RUNS });
    expect(clean).toBeGreaterThan(RUNS / 10);
  });

  it('every error with a witness replays to what it names (complete)', () => {
    let witnesses = 0;
    fc.assert(fc.property(lunaPlanArb, (c) => {
      const plan = compiled(c.text);
      if (!plan) return;
      for (const d of check(plan)) {
        if (d.severity !== 'error' || !d.witness) continue;
        witnesses++;
        const replay = replayWitness(plan, d.witness);
        expect({ code: d.code, message: d.message, expect: d.witness.expect, matched: replay.matched, observed: replay.observed }).toMatchObject({ matched: true });
      }
    }), { numRuns: RUNS });
    expect(witnesses).toBeGreaterThan(RUNS / 4);
  });

  it('every trace is a linearization of happens-before, and the console is its log lines', () => {
    fc.assert(fc.property(lunaPlanArb, seedsArb, (c, seeds) => {
      const plan = compiled(c.text);
      if (!plan) return;
      for (const linkOrder of schedules(seeds)) {
        const r = run(plan, { linkOrder });
        const at = new Map<string, number>();
        r.events.forEach((e, i) => { if (e.ev === 'call' && !at.has(e.id!)) at.set(e.id!, i); });
        for (const edge of plan.luna!.hb) {
          if (at.has(edge.from) && at.has(edge.to)) expect(at.get(edge.from)!, `${edge.kind} ${edge.from} → ${edge.to}`).toBeLessThan(at.get(edge.to)!);
        }
        const logs = r.events.filter((e) => e.ev === 'log').length;
        expect(r.console.split('\n').filter(Boolean).length).toBe(logs);
      }
    }), { numRuns: Math.max(20, RUNS / 4) });
  });
});
