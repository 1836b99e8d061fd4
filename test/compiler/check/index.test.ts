/** Stage 6 (compiler/check/index.ts `runRules`): the last rule speaks only when nothing before it did. */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../compiler/check/index.js';
import { compile, graphOf, loadPlanText } from '../../../compiler/index.js';
import { checkedFindings } from '../../helpers/checked-plan.js';
import { findings } from '../../helpers/findings.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const lib = (lines: string) => `${HEAD}libraries:\n  a:\n    initcalls:\n${lines}`;

describe('runRules', () => {
  it('a plan with no requirement between its entries is said to prove nothing', async () => {
    expect(await findings(lib('      - { fn: a_init, level: lib }\n      - { fn: b_init, level: lib }\n'))).toEqual([{
      code: 'nothing-proven',
      severity: 'warning',
      at: '5:1',
      message: '2 entries, 0 requirements between them: nothing was proven',
      hint: 'state what entries use and provide: `bootplan import unikraft --src DIR` infers it from the code (with evidence), and an overlay (`extends` + `overlay`, language 1.1) adds what inference cannot see',
    }]);
  });

  it('not when a rule before it has warned about the plan', async () => {
    expect((await findings(lib('      - { fn: a_init, level: lib, provides: [x] }\n      - { fn: b_init, level: lib }\n'))).map((f) => f.code)).toEqual(['unused-capability']);
  });

  it('not when an earlier stage has reported the plan (an entry left out for its input error)', async () => {
    expect((await checkedFindings(lib('      - { fn: a_init, levl: lib }\n      - { fn: b_init, level: lib }\n'))).map((f) => f.code)).toEqual(['unknown-key']);
  });

  it('called without saying whether the plan was reported, the rules take it as not reported', () => {
    const { compiled } = compile(loadPlanText('/virtual/plan.yaml', lib('      - { fn: a_init, level: lib }\n      - { fn: b_init, level: lib }\n')));
    expect(runRules(compiled!, graphOf(compiled!)).map((d) => d.code)).toEqual(['nothing-proven']);
    expect(runRules(compiled!, graphOf(compiled!), true)).toEqual([]);
  });
});
