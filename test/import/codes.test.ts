import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_CODES } from '../../import/codes.js';

describe('IMPORT_CODES', () => {
  it('documents every IMPORT_* code the importers and the CLI produce, and nothing else', () => {
    const used = new Set<string>();
    const dirs = ['import', 'import/infer', 'import/linux', 'import/zephyr', 'cli/commands'];
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        for (const m of readFileSync(join(dir, name), 'utf8').matchAll(/['`](IMPORT_[A-Z_]+)['`]/g)) if (m[1] !== 'IMPORT_BASE') used.add(m[1]!);
      }
    }
    for (const code of used) expect(IMPORT_CODES, code).toHaveProperty(code);
    for (const code of Object.keys(IMPORT_CODES)) expect(used, code).toContain(code);
    for (const entry of Object.values(IMPORT_CODES)) expect(entry.doc.length).toBeGreaterThan(40);
  });
});
