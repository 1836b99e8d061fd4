/**
 * Graph ↔ trace: every trace the machine writes for a plan that checks clean is a linearization
 * of the compiled graph — its calls (and core steps) never go down in key, every `proven` edge
 * between nodes that ran holds, every entry with an init function runs exactly once — and
 * `verifyTrace` finds no error in it, read as events, as JSON Lines, or as the console log.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnyTrace } from '../../traces/logs/detect.js';
import { renderConsole, run, writeJsonl } from '../../runtime/index.js';
import { verifyTrace } from '../../traces/verify/conformance.js';
import type { TraceEvent } from '../../traces/events.js';
import { RUNS } from './arbitraries.js';
import { anyCase, checkText, HOST, keysOf, linkOrdersFor, orderName, ranOrder, seedsArb } from './harness.js';

describe('graph ↔ trace', () => {
  it('a clean plan\'s trace in any link order is a linearization of the graph, and verifies clean', () => {
    let traces = 0;
    fc.assert(fc.property(anyCase, seedsArb, (g, seeds) => {
      const { compiled, errors } = checkText(g.text);
      if (errors.length > 0) return;
      const keys = keysOf(compiled);
      const runsInit = compiled.entries.filter((e) => e.fn !== null).map((e) => e.id).sort();
      for (const linkOrder of linkOrdersFor(g.profile, seeds)) {
        traces++;
        const label = orderName(linkOrder);
        const { events } = run(compiled, { linkOrder, host: HOST });
        const ran = ranOrder(events, compiled);
        const at = new Map(ran.map((id, i) => [id, i]));
        expect(ran.filter((id) => !id.startsWith('core.')).sort(), `${label}: every init function runs once`).toEqual(runsInit);
        for (let i = 1; i < ran.length; i++) {
          expect(keys.get(ran[i]!)!, `${label}: ${ran[i - 1]} then ${ran[i]}`).toBeGreaterThanOrEqual(keys.get(ran[i - 1]!)!);
        }
        for (const edge of compiled.edges) {
          if (edge.status !== 'proven' || !at.has(edge.from) || !at.has(edge.to)) continue;
          expect(at.get(edge.from)!, `${label}: proven ${edge.from} → ${edge.to} (${JSON.stringify(edge.reason)})`).toBeLessThan(at.get(edge.to)!);
        }
        const errorsOf = (report: ReturnType<typeof verifyTrace>) => report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
        expect(errorsOf(verifyTrace(compiled, events)), `${label}: verify events`).toEqual([]);
        expect(errorsOf(verifyTrace(compiled, parseAnyTrace(writeJsonl(events)))), `${label}: verify JSON Lines`).toEqual([]);
        if (compiled.profile.log !== 'zephyr') {
          expect(errorsOf(verifyTrace(compiled, parseAnyTrace(renderConsole(events, compiled.profile.log)))), `${label}: verify the console`).toEqual([]);
        }
      }
    }), { numRuns: RUNS });
    expect(traces).toBeGreaterThan(RUNS);
  });

  it('a trace that breaks the graph is caught: a proven edge run backwards, an entry left out', () => {
    let broken = 0;
    fc.assert(fc.property(anyCase, fc.nat(), fc.nat(), (g, pickEdge, pickEntry) => {
      const { compiled, errors } = checkText(g.text);
      if (errors.length > 0) return;
      const { events } = run(compiled, { host: HOST });
      const callAt = (id: string) => events.findIndex((e) => e.ev === 'call' && e.id === id);
      const returnAt = (id: string) => events.findIndex((e) => e.ev === 'return' && e.id === id);
      const resequence = (list: TraceEvent[]) => list.map((e, seq) => ({ ...e, seq }));
      const codesFor = (list: TraceEvent[]) => verifyTrace(compiled, resequence(list)).diagnostics.filter((d) => d.severity === 'error');

      // Move the dependent entry's call..return to just before its provider's call.
      const edges = compiled.edges.filter((e) => e.status === 'proven' && e.from !== e.to && callAt(e.from) >= 0 && callAt(e.to) >= 0);
      if (edges.length > 0) {
        broken++;
        const edge = edges[pickEdge % edges.length]!;
        const [from, to, end] = [callAt(edge.from), callAt(edge.to), returnAt(edge.to)];
        const block = events.slice(to, end + 1);
        const moved = [...events.slice(0, from), ...block, ...events.slice(from, to), ...events.slice(end + 1)];
        const found = codesFor(moved).filter((d) => d.code === 'VERIFY_ORDER' && d.subjects?.includes(edge.to));
        expect(found.length, `${edge.to} moved before ${edge.from} (${JSON.stringify(edge.reason)})`).toBeGreaterThan(0);
      }

      // Leave out an entry that is followed by another call.
      const calls = events.filter((e) => e.ev === 'call' && e.id !== undefined);
      if (calls.length >= 2) {
        const gone = calls[pickEntry % (calls.length - 1)]!.id!;
        const left = events.filter((e) => !((e.ev === 'call' || e.ev === 'return') && e.id === gone));
        const found = codesFor(left).filter((d) => d.code === 'VERIFY_NOT_RUN' && (d.subjects?.includes(gone) || d.message.includes(gone)));
        expect(found.length, `${gone} left out`).toBeGreaterThan(0);
      }
    }), { numRuns: RUNS });
    expect(broken).toBeGreaterThan(RUNS / 4);
  });
});
