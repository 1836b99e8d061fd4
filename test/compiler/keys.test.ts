/**
 * Keys and stage diagnostics (compiler/keys.ts). Written to kill the two mutants Stryker left alive
 * in this file (`npm run mutate -- --mutate compiler/keys.ts`): the hint dropped from a stage
 * diagnostic, and the devicetree ordinal allowed to reach the next priority.
 */
import { describe, expect, it } from 'vitest';
import { err, MAX_ORDINAL, PRIO_SHIFT } from '../../compiler/keys.js';

describe('keys', () => {
  it('a stage diagnostic keeps its hint, and has none when none is given', () => {
    const source = { file: 'plan.yaml', path: ['libraries'] };
    expect(err('schema', 'bad', source, 'do this')).toEqual({ code: 'schema', severity: 'error', message: 'bad', source, hint: 'do this' });
    expect(err('schema', 'bad', source)).not.toHaveProperty('hint');
  });

  it('an ordinal stays inside one priority step, with room for the entry itself', () => {
    expect(MAX_ORDINAL).toBe(PRIO_SHIFT - 2);
    expect(MAX_ORDINAL + 1).toBeLessThan(PRIO_SHIFT);
  });
});
