import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TraceEvent } from '../../../traces/events.js';
import { verifyTrace } from '../../../traces/verify/conformance.js';
import { makeCompiled } from './compiled-by-hand.js';

const plan = makeCompiled([
  { id: 'a.x', kind: 'ctor', prio: 1 },
  { id: 'b.x', level: 'plat', prio: 0 },
  { id: 'c.y', level: 'rootfs', prio: 4, term: 'y_term' },
  { id: 'd.term', level: 'rootfs', prio: 9, fn: null, term: 'd_term' },
  { id: 'e.z', level: 'late', prio: 9, cost: 5000 },
  { id: 'app.main', kind: 'main', fn: 'main' },
], { edges: [{ from: 'b.x', to: 'c.y', reason: { kind: 'uses', capability: 'dev' }, status: 'proven' }] });

const event = fc.record({
  ev: fc.constantFrom<TraceEvent['ev']>('call', 'return', 'term', 'phase', 'fault', 'halt', 'log'),
  fn: fc.option(fc.constantFrom('x', 'y', 'z', 'main', 'y_term', 'd_term', 'nope', '0x1000'), { nil: undefined }),
  id: fc.option(fc.constantFrom('a.x', 'b.x', 'c.y', 'zz.q'), { nil: undefined }),
  table: fc.option(fc.constantFrom('ctors', 'inittab', 'initcalls', 'main', 'init_array'), { nil: undefined }),
  rc: fc.option(fc.integer({ min: -40, max: 3 }), { nil: undefined }),
  t: fc.nat({ max: 1e9 }),
  name: fc.option(fc.constantFrom('teardown', 'alloc'), { nil: undefined }),
  target: fc.option(fc.constantFrom<'HALT' | 'CRASH'>('HALT', 'CRASH'), { nil: undefined }),
}, { requiredKeys: ['ev', 't'] });

describe('verifyTrace on any event sequence', () => {
  it('never throws, maps each entry at most once and keeps its counts consistent', () => {
    fc.assert(fc.property(fc.array(event, { maxLength: 40 }), fc.constantFrom('jsonl', 'unikraft', 'linux' as const), (specs, format) => {
      const events = specs.map((s, i) => ({ ...s, seq: i, line: i + 1 }) as TraceEvent);
      const report = verifyTrace(plan, { format, events, diagnostics: [] });
      const ids = report.mapping.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(report.summary.mapped).toBe(ids.length);
      expect(report.summary.mapped + report.summary.missing + report.summary.notReached).toBeLessThanOrEqual(plan.entries.length);
      for (const d of report.diagnostics) {
        expect(d.code).toMatch(/^VERIFY_[A-Z_]+$/);
        expect(['error', 'warning', 'note']).toContain(d.severity);
      }
    }), { numRuns: 1000 });
  });
});
