/** Range checks where numbers enter: one cost, one size, and the total of the costs. */
import { describe, expect, it } from 'vitest';
import { checkedCost, checkedSize, totalCostProblem } from '../../compiler/checked-values.js';
import type { Diagnostic, Entry } from '../../compiler/types.js';
import { MAX_TOTAL_COST_NS } from '../../compiler/units.js';

const at = { file: 'p.yaml', path: ['x'] };
const entry = (id: string, cost: number) => ({ id, cost, source: { file: 'p.yaml', path: ['libraries', 'l', 'initcalls', Number(id.slice(1))] } }) as unknown as Entry;

describe('checkedCost and checkedSize', () => {
  it('read values in range, and say why one is not, once per value', () => {
    const out: Diagnostic[] = [];
    expect(checkedCost('2ms', at, out)).toBe(2_000_000);
    expect(checkedCost(undefined, at, out, 7)).toBe(7);
    expect(checkedCost('90000s', at, out, 7)).toBe(7);
    expect(checkedSize('4Ki', 'alloc', at, out)).toBe(4096);
    expect(checkedSize('0.5', 'alloc', at, out)).toBe(0);
    expect(out.map((d) => [d.code, d.message])).toEqual([
      ['value-out-of-range', 'cost 90000s is longer than a day (86400 s), more than any init function takes'],
      ['value-out-of-range', 'alloc 0.5 is not a whole number of bytes'],
    ]);
  });
});

describe('totalCostProblem', () => {
  it('accepts a total of exactly the bound and names the entry that passes it', () => {
    const half = MAX_TOTAL_COST_NS / 2;
    expect(totalCostProblem([entry('e0', half), entry('e1', half)])).toBeNull();
    const d = totalCostProblem([entry('e0', half), entry('e1', half), entry('e2', 1), entry('e3', half)]);
    expect(d).toMatchObject({ code: 'value-out-of-range', source: { path: ['libraries', 'l', 'initcalls', 2, 'cost'] } });
    expect(d?.message).toContain('up to e2 add up to more than a day');
  });
});
