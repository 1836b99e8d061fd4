import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan, loadPlanText } from '../../compiler/index.js';
import { FastLocator } from '../../compiler/fast-locate.js';
import { Locator } from '../../compiler/locate.js';
import { importLinuxSystemMap } from '../../import/linux-system-map.js';
import { writePlan } from '../../import/write-plan.js';
import { readSharedFixture } from '../shared-fixtures.js';

const dir = fileURLToPath(new URL('../../specs/plans/', import.meta.url));
const bundled = ['unikraft', 'linux', 'zephyr'].flatMap((s) => readdirSync(`${dir}${s}`).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}${s}/${f}`));

async function agree(source: ReturnType<typeof loadPlan>): Promise<number> {
  const { compiled } = compile(source);
  const slow = await new Locator(source.texts).ready();
  const fast = new FastLocator(source.texts);
  for (const e of compiled!.entries) {
    const want = slow.locate(e.source);
    expect(fast.locate(e.source), e.id).toEqual({ file: want.file, line: want.line, column: want.column });
  }
  return compiled!.entries.length;
}

describe('FastLocator', () => {
  it.each(bundled)('finds every entry where Locator does in %s (includes too)', async (file) => {
    expect(await agree(loadPlan(file))).toBeGreaterThan(0);
  });

  it('finds every entry of the imported Linux 6.1 plan where Locator does', async () => {
    const yaml = writePlan(importLinuxSystemMap(readSharedFixture('linux-6.1/System.map')));
    expect(await agree(loadPlanText('/virtual/linux.yaml', yaml))).toBe(670);
  });

  it('skips comments between a key and its block, and falls back to line 1 for an unknown file', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  app:\n    main:   # the app\n      # its uses\n      uses: []\n';
    expect(await agree(loadPlanText('/virtual/plan.yaml', text))).toBe(1);
    expect(new FastLocator([]).locate({ file: 'nope.yaml', path: ['a'] })).toEqual({ file: 'nope.yaml', line: 1, column: 1 });
  });
});
