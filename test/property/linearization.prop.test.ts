/** The default linearization is a real boot: sorted by key, and it keeps every proven requirement. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, loadPlanText } from '../../compiler/index.js';
import { maybeBrokenPlan, RUNS } from './arbitraries.js';

describe('default linearization', () => {
  it('respects every proven and link-order edge and never decreases the key', () => {
    fc.assert(
      fc.property(maybeBrokenPlan, (g) => {
        const { compiled } = compile(loadPlanText('/gen.yaml', g.text));
        expect(compiled).not.toBeNull();
        const position = new Map(compiled!.order.map((id, i) => [id, i]));
        const key = new Map([...compiled!.entries, ...compiled!.steps].map((n) => [n.id, n.key]));
        expect(position.size).toBe(compiled!.entries.length + compiled!.steps.length);
        for (let i = 1; i < compiled!.order.length; i++) expect(key.get(compiled!.order[i]!)!).toBeGreaterThanOrEqual(key.get(compiled!.order[i - 1]!)!);
        for (const edge of compiled!.edges) {
          if (edge.status === 'proven' || edge.status === 'link-order') expect(position.get(edge.from)!).toBeLessThan(position.get(edge.to)!);
          if (edge.status === 'violation' && edge.from !== edge.to) expect(position.get(edge.from)!).toBeGreaterThan(position.get(edge.to)!);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
