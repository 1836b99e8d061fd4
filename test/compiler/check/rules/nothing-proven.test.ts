import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const plan = (initcalls: string[]) => `${HEAD}libraries:\n  a:\n    initcalls:\n${initcalls.map((i) => `      - ${i}\n`).join('')}`;

describe('nothing-proven', () => {
  it('counts one entry, with the place of the libraries and the hint', async () => {
    expect(await findings(plan(['{ fn: f, level: lib }']))).toMatchInlineSnapshot(`
      [
        {
          "at": "5:1",
          "code": "nothing-proven",
          "hint": "state what entries use and provide: \`bootplan import unikraft --src DIR\` infers it from the code (with evidence), and an overlay (\`extends\` + \`overlay\`, language 1.1) adds what inference cannot see",
          "message": "1 entry, 0 requirements between them: nothing was proven",
          "severity": "warning",
        },
      ]
    `);
  });

  it('notes the one use of what the boot core provides', async () => {
    const found = await findings(plan(['{ fn: f, level: lib, uses: [alloc] }', '{ fn: g, level: lib }']), { code: 'nothing-proven' });
    expect(found.map((f) => f.message)).toEqual(["2 entries, 0 requirements between them: nothing was proven (1 use of what the boot core provides holds by the profile's order alone)"]);
  });

  it('notes several uses of what the boot core provides', async () => {
    const found = await findings(plan(['{ fn: f, level: lib, uses: [alloc] }', '{ fn: g, level: lib, uses: [alloc, sched] }']), { code: 'nothing-proven' });
    expect(found.map((f) => f.message)).toEqual(["2 entries, 0 requirements between them: nothing was proven (3 uses of what the boot core provides hold by the profile's order alone)"]);
  });

  it('is quiet with one requirement between entries, after uses of the core or before them', async () => {
    expect(await findings(plan(['{ fn: f, level: lib, prio: 1, uses: [alloc, ready] }', '{ fn: g, level: lib, prio: 0, provides: [ready] }']))).toEqual([]);
    expect(await findings(plan(['{ fn: f, level: lib, prio: 1, uses: [ready, alloc] }', '{ fn: g, level: lib, prio: 0, provides: [ready] }']))).toEqual([]);
    expect(await findings(plan(['{ fn: f, level: lib, prio: 1 }', '{ fn: g, level: lib, prio: 0, before: [a.f] }']))).toEqual([]);
  });

  it('is quiet on a plan without entries', async () => {
    expect(await findings(`${HEAD}libraries: {}\n`)).toEqual([]);
  });

  it('is left out when another rule has reported the plan', async () => {
    const found = await findings(plan(['{ fn: f, level: lib, returns: -1 }']));
    expect(found.map((f) => f.code)).toEqual(['entry-fails']);
  });
});
