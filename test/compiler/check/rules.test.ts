import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../compiler/check/rules/index.js';
import { checkText, codes } from '../../helpers/plans.js';

/** Rules whose trigger cannot be a plan text (files, sizes): the test file that triggers them. */
const TESTED_ELSEWHERE: Record<string, string> = {
  'findings-capped': 'test/e2e/shapes.test.ts',
  'bad-config': 'test/e2e/ci.test.ts',
  'unused-allow': 'test/e2e/ci.test.ts',
  'file-too-big': 'test/compiler/load.test.ts',
  'include-cycle': 'test/compiler/load.test.ts',
  'duplicate-library': 'test/compiler/load.test.ts',
  'profile-mismatch': 'test/compiler/language.test.ts',
  'fragment': 'test/compiler/language.test.ts',
  'extends-too-deep': 'test/compiler/extends-bound.test.ts',
  'host-folder-special': 'test/runtime/vfs/host-walk.test.ts',
  'host-folder-too-big': 'test/runtime/vfs/host-walk.test.ts',
  'host-folder-too-deep': 'test/runtime/vfs/host-walk.test.ts',
  'plan-too-large': 'test/compiler/luna/images.test.ts',
};

describe('rule registry', () => {
  it('has unique codes, a title and a real doc for every rule', () => {
    const seen = new Set<string>();
    for (const rule of RULES) {
      expect(seen.has(rule.code), rule.code).toBe(false);
      seen.add(rule.code);
      expect(rule.code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(rule.title.length, rule.code).toBeGreaterThan(10);
      expect(rule.doc.length, rule.code).toBeGreaterThan(120);
    }
  });

  it('has an example for every rule, or a test elsewhere that triggers it', () => {
    for (const rule of RULES.filter((r) => !r.example)) {
      const file = TESTED_ELSEWHERE[rule.code];
      expect(file, `${rule.code} has neither an example nor a listed test`).toBeDefined();
      expect(readFileSync(file!, 'utf8')).toContain(`'${rule.code}'`);
    }
  });

  it('every checker rule file is registered', () => {
    const files = readdirSync(join('compiler', 'check', 'rules')).filter((f) => !['index.ts', 'stage-reported.ts', 'examples.ts'].includes(f));
    const registered = new Set(RULES.map((r) => r.code));
    for (const f of files) expect(registered.has(f.replace(/\.ts$/, '')), f).toBe(true);
  });
});

describe.each(RULES.filter((r) => r.example).map((r) => [r.code, r] as const))('%s', (code, rule) => {
  it('fires on its failing example', async () => {
    const { diagnostics } = await checkText(rule.example!.failing);
    expect(codes(diagnostics)).toContain(code);
    const hit = diagnostics.find((d) => d.code === code)!;
    expect(hit.location?.line, 'located').toBeGreaterThan(0);
    expect(hit.severity).toBe(rule.severity);
  });

  it('is quiet on its fixed example, which checks clean', async () => {
    const { diagnostics } = await checkText(rule.example!.fixed);
    expect(codes(diagnostics)).not.toContain(code);
    expect(codes(diagnostics, 'error')).toEqual([]);
  });
});
