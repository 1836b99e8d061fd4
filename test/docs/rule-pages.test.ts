/** The committed rule pages are exactly what the rules' own texts make (`npm run docs`). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../compiler/check/rules/index.js';
import { codeMarkdown, ruleMarkdown, rulesIndexMarkdown } from '../../compiler/emit/rule-doc.js';
import { VERIFY_CODES } from '../../traces/verify/verify-codes.js';

const DIR = new URL('../../docs/rules/', import.meta.url);

describe('docs/rules', () => {
  it('has one page per rule, equal to its doc text (run `npm run docs` after changing a rule)', () => {
    for (const rule of RULES) {
      const page = new URL(`${rule.code}.md`, DIR);
      expect(existsSync(page), `docs/rules/${rule.code}.md`).toBe(true);
      expect(readFileSync(page, 'utf8')).toBe(ruleMarkdown(rule));
    }
    expect(readFileSync(new URL('README.md', DIR), 'utf8')).toBe(rulesIndexMarkdown(RULES, VERIFY_CODES));
  });

  it('has one page per code `bootplan verify` reports, equal to the text `bootplan explain` prints', () => {
    for (const [code, entry] of Object.entries(VERIFY_CODES)) {
      const page = new URL(`${code}.md`, DIR);
      expect(existsSync(page), `docs/rules/${code}.md`).toBe(true);
      expect(readFileSync(page, 'utf8')).toBe(codeMarkdown(code, entry));
    }
  });

  it('has no page for a rule that no longer exists', () => {
    const codes = new Set([...RULES.map((r) => `${r.code}.md`), ...Object.keys(VERIFY_CODES).map((c) => `${c}.md`)]);
    expect(readdirSync(DIR).filter((f) => f !== 'README.md' && !codes.has(f))).toEqual([]);
  });
});
