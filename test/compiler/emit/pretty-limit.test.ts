/** pretty prints the first `limit` findings and counts the rest (compiler/emit/pretty.ts). */
import { describe, expect, it } from 'vitest';
import { pretty } from '../../../compiler/emit/pretty.js';
import { DEFAULT_SHOWN } from '../../../compiler/emit/report.js';
import type { Diagnostic } from '../../../compiler/types.js';

const text = Array.from({ length: 400 }, (_, i) => `line${i + 1}: x`).join('\n');
const finding = (i: number, severity: Diagnostic['severity'] = 'warning'): Diagnostic => ({
  code: 'unused-capability', severity, message: `finding ${i}`, location: { file: '/p.yaml', line: i + 1, column: 1 },
});
const print = (diagnostics: Diagnostic[], limit?: number) =>
  pretty({ diagnostics, file: '/p.yaml', text: () => text }, { color: false, cwd: '/', ...(limit !== undefined ? { limit } : {}) });
const blocks = (out: string) => out.split('\n').filter((l) => /^(warning|error)\[/.test(l)).length;

describe('pretty limit', () => {
  it(`prints the first ${DEFAULT_SHOWN} by default and counts the rest by severity; the summary counts all`, () => {
    const out = print([finding(0, 'error'), ...Array.from({ length: 259 }, (_, i) => finding(i + 1)), finding(300, 'error')]);
    expect(blocks(out)).toBe(DEFAULT_SHOWN);
    expect(out).toContain('finding 199\n');
    expect(out).not.toContain('finding 200\n');
    expect(out).toContain('… and 61 more findings not shown (1 error, 60 warnings)');
    expect(out.trimEnd().endsWith('2 errors, 259 warnings in p.yaml')).toBe(true);
  });

  it('prints every finding with Infinity, none with 0, and no count line when all fit', () => {
    const many = Array.from({ length: 250 }, (_, i) => finding(i));
    expect(blocks(print(many, Infinity))).toBe(250);
    expect(print(many, Infinity)).not.toContain('not shown');
    const none = print(many, 0);
    expect(blocks(none)).toBe(0);
    expect(none).toContain('… and 250 more findings not shown (250 warnings)');
    expect(print(many.slice(0, 3), 3)).not.toContain('not shown');
  });
});
