import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INFER_CODES } from '../../../import/infer/codes.js';

const read = (rel: string) => readFileSync(fileURLToPath(new URL(`../../../import/${rel}`, import.meta.url)), 'utf8');

describe('INFER_CODES', () => {
  it('documents every code inference and the catalog reader emit', () => {
    const sources = [read('catalog.ts'), ...readdirSync(fileURLToPath(new URL('../../../import/infer/', import.meta.url))).filter((f) => f.endsWith('.ts') && f !== 'codes.ts').map((f) => read(`infer/${f}`))];
    const emitted = new Set(sources.flatMap((s) => [...s.matchAll(/'(IMPORT_[A-Z_]+)'/g)].map((m) => m[1]!)));
    expect(emitted.size).toBeGreaterThan(5);
    for (const code of emitted) expect(INFER_CODES[code], code).toBeDefined();
    for (const [code, info] of Object.entries(INFER_CODES)) {
      expect(emitted.has(code), `${code} is emitted somewhere`).toBe(true);
      expect(info.doc.length, code).toBeGreaterThan(40);
    }
  });
});
