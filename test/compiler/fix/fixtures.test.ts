/** `fix` on the broken-plan fixtures that have a race or a violation: fix, then check ⇒ 0 errors. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlan } from '../../../compiler/index.js';
import { fixPlan } from '../../../compiler/fix/index.js';

const ROOT = 'test/fixtures/plans';
/** Folders whose fixtures are races or violations a level or priority decides. */
const FIXABLE = ['race', 'order-violated', 'use-before-provide', 'term-order', 'mount-before-mounted', 'pre-init-use'];
/** Fixtures where no assignment exists, and the entries the conflict must name. */
const CONFLICTS: Record<string, string[]> = {
  'pre-init-use/lib-musl-29-tls-tid.yaml': ['musl.__uk_init_tls', 'core.sched'],
};

function fix(path: string) {
  const source = loadPlan(path);
  const { compiled, diagnostics } = compile(source);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const before = check(compiled!).filter((d) => d.severity === 'error');
  return { source, before, result: fixPlan(source, compiled!) };
}

describe('fix on the fixtures with races and violations', () => {
  const cases = FIXABLE.flatMap((folder) => readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.yaml')).map((f) => `${folder}/${f}`));
  it('covers every fixture of those folders', () => expect(cases.length).toBeGreaterThanOrEqual(9));
  for (const name of cases) {
    it(name, () => {
      const path = resolve(ROOT, name);
      const { source, before, result } = fix(path);
      expect(before.length).toBeGreaterThan(0);
      if (CONFLICTS[name]) {
        expect(result.status).toBe('conflict');
        expect(result.diagnostics[0]!.code).toBe('fix-conflict');
        expect(result.diagnostics[0]!.subjects).toEqual(expect.arrayContaining(CONFLICTS[name]!));
        return;
      }
      expect(result.status).toBe('fixed');
      expect(result.diagnostics).toEqual([]);
      for (const change of result.changes) expect(change.message).toMatch(/^\S+: (level|prio) .+ → .+, because .+/);
      // Check the written text independently of fixPlan's own re-check.
      const again = loadPlan(path, { read: (p) => result.texts.get(p) ?? source.texts.get(p)! });
      const { compiled, diagnostics } = compile(again);
      expect([...diagnostics, ...check(compiled!)].filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]);
      // Every line that is not a changed value is as it was (comments included).
      const oldLines = source.texts.get(path)!.split('\n');
      const newLines = result.texts.get(path)!.split('\n');
      const kept = oldLines.filter((l) => newLines.includes(l));
      expect(oldLines.length - kept.length).toBeLessThanOrEqual(2 * result.changes.length);
    });
  }

  it('the issue\'s example: the user of /dev moves after the mount, with the reason', () => {
    const { result } = fix(resolve(ROOT, 'mount-before-mounted/unikraft-1240-devfs-before-root.yaml'));
    expect(result.changes.map((c) => c.message)).toEqual(['devfs.devfs_automount: prio 3 → 5, because it uses `mount:/`, provided by vfscore.vfscore_automount at rootfs 4']);
  });
});
