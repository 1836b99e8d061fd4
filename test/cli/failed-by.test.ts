/** What stderr says when warnings decide the exit code (cli/diagnostics.ts `failedBy`). */
import { describe, expect, it } from 'vitest';
import { failedBy } from '../../cli/diagnostics.js';
import type { Diagnostic } from '../../compiler/types.js';

const w = (code: string, line: number): Diagnostic => ({ code, severity: 'warning', message: code, location: { file: 'p.yaml', line, column: 1 } });

describe('failedBy', () => {
  it('lists a few warnings one by one, many grouped by rule with the first place', () => {
    expect(failedBy([w('race', 3), w('unused-allow', 9)], { strict: true })).toBe('bootplan: --strict: these 2 warnings fail the run: race at p.yaml:3, unused-allow at p.yaml:9\n');
    const many = [...Array.from({ length: 11 }, (_, i) => w('race', i + 1)), w('unused-allow', 40)];
    expect(failedBy(many, { strict: true })).toBe('bootplan: --strict: these 12 warnings fail the run: 11 race at p.yaml:1 (the first), 1 unused-allow at p.yaml:40\n');
  });

  it('says nothing when warnings did not decide the run', () => {
    expect(failedBy([w('race', 3)], {})).toBe('');
    expect(failedBy([w('race', 3)], { maxWarnings: 1 })).toBe('');
    expect(failedBy([], { strict: true })).toBe('');
    expect(failedBy([w('race', 3), w('race', 4)], { maxWarnings: 1 })).toBe('bootplan: 2 warnings, more than --max-warnings 1: race at p.yaml:3, race at p.yaml:4\n');
  });
});
