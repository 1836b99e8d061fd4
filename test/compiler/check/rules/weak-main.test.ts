import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';

const head = (profile: string) => `bootplan: 1\nname: t\nprofile: ${profile}\ntarget: qemu/x86_64\n`;
const LIBRARY = 'libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, prio: 4 }\n';

/** A made-up kernel where a non-zero main is CRASH; `log` picks its fallback main, `main` whether it has a main phase. */
const profile = (log: string, main: boolean) => `name: crashy
version: '1'
title: crash on a failing main (test model)
ties: unspecified
log: ${log}
mainNonZero: crash
tables:
  - name: initcalls
    role: initcall
    title: init table
    levels:
      - { name: core, number: 1, macro: core_init }
    prio: { min: 0, max: 3, default: 3 }
    canFail: true
    terms: false
phases:
  - step: { name: start, title: started, provides: [], cost: 10us }
  - table: initcalls
${main ? '  - main: true\n' : ''}capabilities: []
`;
const CUSTOM = 'bootplan: 1\nname: t\nprofile: ./crashy.yaml\nlibraries:\n  a:\n    initcalls:\n      - { fn: f, level: core }\n';

describe('weak-main', () => {
  it('reports a Unikraft 0.13 plan without main', async () => {
    expect(await findings(head('unikraft@0.13') + LIBRARY, { code: 'weak-main' })).toMatchInlineSnapshot(`
      [
        {
          "at": "6:3",
          "code": "weak-main",
          "hint": "give the application a \`main\` (\`app: { main: {} }\`)",
          "message": "the plan has no \`main\`, so the image runs unikraft's weak main, which returns -22; unikraft@0.13 treats a non-zero return from main as CRASH",
          "severity": "error",
          "subjects": [],
        },
      ]
    `);
  });

  it('is quiet when the plan has a main', async () => {
    expect((await findings(`${head('unikraft@0.13') + LIBRARY}  app:\n    main: {}\n`)).map((f) => f.code)).toEqual(['nothing-proven']);
  });

  it('is quiet where a failing main halts rather than crashes (0.17)', async () => {
    expect((await findings(head('unikraft@0.17') + LIBRARY)).map((f) => f.code)).toEqual(['nothing-proven']);
  });

  it('names the profile a plan without main runs, on a profile of its own', async () => {
    const found = await findings(CUSTOM, { code: 'weak-main', files: { '/virtual/crashy.yaml': profile('unikraft', true) } });
    expect(found.map((f) => f.message)).toEqual(["the plan has no `main`, so the image runs crashy's weak main, which returns -22; crashy@1 treats a non-zero return from main as CRASH"]);
  });

  it('is quiet on a profile that runs no main, or has no fallback main', async () => {
    for (const [log, main] of [['unikraft', false], ['linux', true]] as const)
      expect((await findings(CUSTOM, { files: { '/virtual/crashy.yaml': profile(log, main) } })).map((f) => f.code)).toEqual(['nothing-proven']);
  });
});
