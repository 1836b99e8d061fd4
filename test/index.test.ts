/** The package's public API works as the README shows it. */
import { describe, expect, it } from 'vitest';
import * as bootplan from '../index.js';

describe('library API', () => {
  it('loads, compiles, checks, locates and runs a plan', async () => {
    const source = bootplan.loadPlan('specs/plans/unikraft/helloworld.yaml');
    const { compiled, diagnostics } = bootplan.compile(source);
    expect(compiled).not.toBeNull();
    diagnostics.push(...bootplan.check(compiled!));
    expect((await bootplan.locate(source, diagnostics)).filter((d) => d.severity === 'error')).toEqual([]);
    const result = bootplan.run(compiled!, { linkOrder: { kind: 'reverse' } });
    expect(result.outcome.target).toBe('HALT');
    expect(bootplan.verifyTrace(compiled!, result.events).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('fixes a plan and emits its headers, as the README round trip does', () => {
    const source = bootplan.loadPlanText('/race.yaml', 'bootplan: 1\nname: r\nprofile: unikraft@0.17\ntarget: qemu/x86_64\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 0, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, uses: [x] }\n');
    const { compiled } = bootplan.compile(source);
    const fixed = bootplan.fixPlan(source, compiled!);
    expect(fixed.changes.map((c) => c.message)).toEqual(['b.b_init: prio 0 → 1, because it uses `x`, provided by a.a_init at lib 0']);
    expect(bootplan.unifiedDiff('race.yaml', source.texts.get('/race.yaml')!, fixed.texts.get('/race.yaml')!)).toContain('+      - { fn: b_init, level: lib, prio: 1, uses: [x] }');
    const again = bootplan.compile(bootplan.loadPlanText('/race.yaml', fixed.texts.get('/race.yaml')!));
    const headers = bootplan.emitC(again.compiled!, { planLabel: 'race.yaml', version: '0.1.0' });
    expect(headers.find((h) => h.name === 'b.h')!.text).toContain('#define BOOTPLAN_PRIO_B_B_INIT 1\n');
  });
});
