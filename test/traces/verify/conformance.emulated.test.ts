/**
 * The emulated machine and verify must agree: a plan's own boot, as JSON Lines or as the console
 * the machine prints, verifies clean; a boot the plan does not predict does not.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan } from '../../../compiler/index.js';
import type { Compiled } from '../../../compiler/types.js';
import { run, writeJsonl } from '../../../runtime/index.js';
import { parseAnyTrace } from '../../../traces/logs/detect.js';
import { verifyTrace } from '../../../traces/verify/conformance.js';

const PLANS = ['unikraft/helloworld-rich.yaml', 'unikraft/helloworld-9pfs.yaml', 'unikraft/nginx.yaml', 'linux/qemu-x86_64.yaml'];

function compiledPlan(relative: string): Compiled {
  const path = fileURLToPath(new URL(`../../../specs/plans/${relative}`, import.meta.url));
  const { compiled } = compile(loadPlan(path));
  expect(compiled).not.toBeNull();
  return compiled!;
}
const loud = (ds: { severity: string }[]) => ds.filter((d) => d.severity !== 'note');

describe.each(PLANS)('%s on the emulated machine', (relative) => {
  const compiled = compiledPlan(relative);
  const result = run(compiled);

  it('verifies clean from its JSON Lines trace', () => {
    const parsed = parseAnyTrace(writeJsonl(result.events));
    expect(parsed.format).toBe('jsonl');
    const report = verifyTrace(compiled, parsed);
    expect(loud(report.diagnostics)).toEqual([]);
    expect(report.summary.mapped).toBe(compiled.entries.filter((e) => e.fn !== null).length);
  });

  it('verifies clean from the console it prints', () => {
    const parsed = parseAnyTrace(result.console);
    expect(parsed.format).toBe(compiled.profile.log);
    expect(loud(parsed.diagnostics)).toEqual([]);
    const report = verifyTrace(compiled, parsed);
    expect(loud(report.diagnostics)).toEqual([]);
    expect(report.summary).toMatchObject({ unmapped: 0, missing: 0, outOfOrder: 0 });
  });
});

describe('a boot the plan does not predict', () => {
  it('an injected init failure is reported from the trace and from the console alike', () => {
    const compiled = compiledPlan('unikraft/helloworld-rich.yaml');
    const victim = compiled.entries.find((e) => e.kind === 'initcall' && e.fn !== null && e.level === 'rootfs')!;
    const result = run(compiled, { fail: { id: victim.id, rc: -5 } });
    for (const text of [writeJsonl(result.events), result.console]) {
      const report = verifyTrace(compiled, parseAnyTrace(text));
      const failed = report.diagnostics.find((d) => d.code === 'VERIFY_FAILED');
      expect(failed).toMatchObject({ severity: 'error', subjects: [victim.id] });
      expect(report.summary.missing).toBe(0);
    }
  });

  it('a reversed link order shows up as entries out of the declared order (Linux ties are link order)', () => {
    const compiled = compiledPlan('linux/qemu-x86_64.yaml');
    const result = run(compiled, { linkOrder: { kind: 'reverse' } });
    const report = verifyTrace(compiled, parseAnyTrace(result.console));
    const sameLevel = new Map<string, number>();
    for (const e of compiled.entries) if (e.level) sameLevel.set(e.level, (sameLevel.get(e.level) ?? 0) + 1);
    const hasTies = [...sameLevel.values()].some((n) => n > 1);
    expect(hasTies).toBe(true);
    expect(report.summary.outOfOrder).toBeGreaterThan(0);
    expect(report.diagnostics.find((d) => d.code === 'VERIFY_ORDER')!.message).toContain('link order');
  });
});
