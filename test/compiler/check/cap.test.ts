/** At most so many findings of one rule per plan; the rest counted in one note. */
import { describe, expect, it } from 'vitest';
import { capFindings, groupThousands } from '../../../compiler/check/cap.js';
import type { Diagnostic } from '../../../compiler/types.js';

const finding = (code: string, i: number): Diagnostic => ({ code, severity: 'error', message: `${code} ${i}`, source: { file: 'p.yaml', path: ['e', i] } });

describe('capFindings', () => {
  it('keeps every finding when no rule has more than the bound', () => {
    const all = [...Array.from({ length: 5 }, (_, i) => finding('race', i)), ...Array.from({ length: 5 }, (_, i) => finding('cycle', i))];
    expect(capFindings(all, 5)).toBe(all);
  });

  it('keeps the first findings of a rule past the bound, in order, and counts the rest at the first left out', () => {
    const all = [...Array.from({ length: 8 }, (_, i) => finding('race', i)), finding('cycle', 0)];
    const capped = capFindings(all, 3);
    expect(capped.map((d) => d.message)).toEqual(['race 0', 'race 1', 'race 2', 'cycle 0', expect.stringContaining('8 race findings in this plan: the first 3 are listed, the 5 from here on are only counted')]);
  });
});

describe('groupThousands', () => {
  it('writes counts as toLocaleString("en") does, without Intl', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_000_000, 987_654_321, Number.MAX_SAFE_INTEGER]) expect(groupThousands(n)).toBe(n.toLocaleString('en'));
  });
});
