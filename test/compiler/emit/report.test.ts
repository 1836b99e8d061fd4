import { describe, expect, it } from 'vitest';
import { clip, clipped, MAX_TEXT } from '../../../compiler/emit/report.js';
import type { Diagnostic } from '../../../compiler/types.js';

describe('clip', () => {
  it('keeps short texts as they are', () => {
    expect(clip('unknown level "rootsf"')).toBe('unknown level "rootsf"');
  });

  it('cuts a huge text around its middle and says how long it was', () => {
    const text = `unknown level "${'x'.repeat(1_000_000)}" for lib1.f`;
    const out = clip(text);
    expect(out.length).toBeLessThanOrEqual(MAX_TEXT + 40);
    expect(out.startsWith('unknown level "x')).toBe(true);
    expect(out.endsWith('" for lib1.f')).toBe(true);
    expect(out).toContain(`(${text.length.toLocaleString('en')} characters)`);
  });

  it('bounds every printed text of a diagnostic, and leaves a normal one untouched', () => {
    const normal: Diagnostic = { code: 'race', severity: 'error', message: 'm', hint: 'h' };
    expect(clipped(normal)).toBe(normal);
    const huge = 'y'.repeat(50_000);
    const d = clipped({ code: 'unknown-key', severity: 'error', message: huge, hint: huge, related: [{ message: huge }], subjects: [huge] });
    for (const text of [d.message, d.hint!, d.related![0]!.message]) expect(text.length).toBeLessThanOrEqual(MAX_TEXT + 40);
    expect(d.subjects![0]!.length).toBeLessThan(400);
  });
});
