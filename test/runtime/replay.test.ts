/**
 * Every witness the checker prints for the rules' own failing examples replays on the machine to
 * what it names; the fixed examples boot without a fault.
 */
import { describe, expect, it } from 'vitest';
import { check, compile, loadPlanText, RULES } from '../../compiler/index.js';
import { replayWitness, run } from '../../runtime/index.js';
import { exampleHost } from '../helpers/plans.js';

const withExamples = RULES.filter((r) => r.check && r.example.failing);

describe('checker witnesses replay on the machine', () => {
  it('has rule examples with witnesses to replay, of every kind', () => {
    const kinds = new Set<string>();
    for (const rule of withExamples) {
      const { compiled } = compile(loadPlanText(`/examples/${rule.code}.yaml`, rule.example.failing));
      if (compiled) for (const d of check(compiled)) if (d.witness) kinds.add(d.witness.expect.kind);
    }
    expect([...kinds].sort()).toEqual(['fault', 'order', 'return', 'term']);
  });

  it('says when a witness does not match', () => {
    const { compiled } = compile(loadPlanText('/x.yaml', withExamples.find((r) => r.code === 'use-before-provide')!.example.fixed));
    const replay = replayWitness(compiled!, { order: compiled!.order, expect: { kind: 'fault', entry: compiled!.entries[0]!.id, capability: 'alloc' } });
    expect(replay.matched).toBe(false);
    expect(replay.observed).toMatch(/^HALT: /);
  });

  for (const rule of withExamples) {
    it(`${rule.code}: each witness shows what it names`, () => {
      const { compiled } = compile(loadPlanText(`/examples/${rule.code}.yaml`, rule.example.failing));
      expect(compiled).not.toBeNull();
      const host = exampleHost(rule.example.hostFiles, '/examples');
      const witnesses = check(compiled!, host ? { host } : {}).filter((d) => d.severity === 'error' && d.witness);
      for (const d of witnesses) {
        const replay = replayWitness(compiled!, d.witness!, host ? { host } : {});
        expect({ code: d.code, expect: d.witness!.expect, observed: replay.observed, matched: replay.matched }).toMatchObject({ matched: true });
      }
    });

    it(`${rule.code}: the fixed example boots without a fault`, () => {
      const { compiled } = compile(loadPlanText(`/examples/${rule.code}.yaml`, rule.example.fixed));
      if (!compiled) return;
      const host = exampleHost(rule.example.hostFiles, '/examples');
      const errors = check(compiled, host ? { host } : {}).filter((d) => d.severity === 'error');
      if (errors.length > 0) return; // a fix that only quiets this rule
      expect(run(compiled, host ? { host } : {}).outcome.fault).toBeUndefined();
    });
  }
});

describe('a failure that follows from an earlier one', () => {
  // A Luna service whose only step fails (tmpfs over /dev as an ordinary user): init restarts it
  // until it gives up. keepGoing runs past the step's fault, so the process never dies there; the
  // plain run shows the restart loop.
  const passwd = '    /etc/passwd: "root:x:0:0::/:/bin/sh\\nselene:x:1000:1000::/:/bin/sh\\n"\n    /etc/group: "root:x:0:\\nselene:x:1000:\\n"\n';
  const lunaHead = RULES.find((r) => r.code === 'spawn-depth')!.example.failing.replace(/ramdisk:[\s\S]*$/, '');
  const text = `${lunaHead}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /dev: { dir: true }\n${passwd}    /bin/clock: { mode: '0755' }\n    /etc/init/50-clock: "Command=/bin/clock\\nRestart=true\\nUser=selene\\n"\nprograms:\n  /bin/preinit:\n    - { services: /etc/init }\n    - { supervise: {} }\n  /bin/clock:\n    - { mount: { fs: tmpfs, at: /dev } }\n    - { idle: {} }\n`;

  it('replays to the restart loop the checker names, as the boot a real machine runs', () => {
    const { compiled, diagnostics } = compile(loadPlanText('/virtual/plan.yaml', text));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const found = check(compiled!).find((d) => d.code === 'service-restart-loop');
    expect(found?.witness?.expect).toEqual({ kind: 'fault', entry: '50-clock.mount:/dev', capability: 'restart:50-clock' });
    const replay = replayWitness(compiled!, found!.witness!);
    expect(replay.matched).toBe(true);
    expect(replay.first).toBe(true);
    // The keepGoing run alone does not show it.
    const kept = run(compiled!, { linkOrder: { kind: 'witness', witness: found!.witness! }, keepGoing: true });
    expect(kept.outcome.faults?.some((f) => f.missing.includes('restart:50-clock'))).toBe(false);
  });
});
