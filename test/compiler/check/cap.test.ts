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

describe('capFindings: the note', () => {
  const located = (code: string, i: number): Diagnostic => ({ ...finding(code, i), location: { file: 'p.yaml', line: i + 1, column: 3 } });

  it('stands at the first finding left out, with its place, the counts grouped in thousands, and what to do', () => {
    const all = [...Array.from({ length: 1002 }, (_, i) => located('race', i)), finding('cycle', 0), ...Array.from({ length: 1000 }, (_, i) => finding('entry-fails', i))];
    const capped = capFindings(all, 1000);
    expect(capped.slice(0, 1000)).toEqual(all.slice(0, 1000));
    expect(capped.slice(1000)).toStrictEqual([
      all[1002],
      ...all.slice(1003),
      {
        code: 'findings-capped',
        severity: 'note',
        message: '1,002 race findings in this plan: the first 1,000 are listed, the 2 from here on are only counted',
        hint: 'fix the first ones (often one cause repeated); `--max-findings all` lists every one',
        subjects: ['race'],
        source: { file: 'p.yaml', path: ['e', 1000] },
        location: { file: 'p.yaml', line: 1001, column: 3 },
      },
    ]);
  });

  it('has no place when the finding left out has none; one finding is one finding', () => {
    const bare: Diagnostic = { code: 'race', severity: 'error', message: 'race' };
    expect(capFindings([bare], 0)).toStrictEqual([{
      code: 'findings-capped',
      severity: 'note',
      message: '1 race finding in this plan: the first 0 are listed, the 1 from here on are only counted',
      hint: 'fix the first ones (often one cause repeated); `--max-findings all` lists every one',
      subjects: ['race'],
    }]);
  });

  it('a rule with exactly the bound is kept whole, beside one past it', () => {
    const all = [finding('race', 0), finding('race', 1), finding('cycle', 0), finding('cycle', 1), finding('cycle', 2)];
    expect(capFindings(all, 2).map((d) => d.code)).toEqual(['race', 'race', 'cycle', 'cycle', 'findings-capped']);
  });
});

describe('groupThousands', () => {
  it('writes counts as toLocaleString("en") does, without Intl', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_000_000, 987_654_321, Number.MAX_SAFE_INTEGER]) expect(groupThousands(n)).toBe(n.toLocaleString('en'));
  });
});
