/**
 * `check --fix`'s edits (compiler/check/fixes.ts): which findings carry one, the edit's text and
 * range as a user reads them, and that applying it gives a plan that checks clean.
 */
import { describe, expect, it } from 'vitest';
import { applyFixes, checkedFindings, checkedPlan } from '../../helpers/checked-plan.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const lib = (lines: string) => `${HEAD}libraries:\n  a:\n    initcalls:\n${lines}`;

/** Each finding's code, place and fixes: what `check --fix` would do. */
async function fixesOf(text: string, files?: Record<string, string>) {
  return (await checkedFindings(text, files ? { files } : {})).map((f) => ({ code: f.code, at: f.at, fixes: f.fixes }));
}

/** The plan after one pass of `--fix`, and what checking it again reports. */
async function fixed(text: string): Promise<{ text: string; after: string[] }> {
  const { diagnostics } = await checkedPlan(text);
  const next = applyFixes(text, diagnostics);
  return { text: next, after: (await checkedFindings(next)).map((f) => `${f.code} ${f.at}: ${f.message}`) };
}

describe('a misspelt name with a "did you mean"', () => {
  it('a key is renamed in the quoting it was written in', async () => {
    const plan = lib(`      - { fn: a_init, 'levl': rootfs, prio: 0, provides: [fdtab] }
      - { fn: b_init, level: rootfs, prio: 1, uses: [fdtab] }
`);
    expect((await fixesOf(plan)).filter((f) => f.fixes)).toEqual([
      { code: 'unknown-key', at: '8:23', fixes: [{ description: 'rename the key "levl" to "level"', edits: [{ at: '8:23-8:29', text: "'level'" }] }] },
    ]);
    expect(await fixed(plan)).toEqual({ text: plan.replace("'levl'", "'level'"), after: [] });
  });

  it('also outside every entry, where the plan cannot be checked at all', async () => {
    const plan = `${HEAD}profle: x\nlibraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib }\n`;
    expect(await fixesOf(plan)).toEqual([{ code: 'unknown-key', at: '5:1', fixes: [{ description: 'rename the key "profle" to "profile"', edits: [{ at: '5:1-5:7', text: 'profile' }] }] }]);
  });
});

describe('a misspelt level, entry or capability', () => {
  it('a level is written in the quotes it had; a block scalar, an alias or a number is left alone', async () => {
    const plan = lib(`      - { fn: a_init, level: "rotfs", prio: 0, provides: [fdtab] }
      - { fn: b_init, level: 'rotfs', prio: 1, uses: [fdtab] }
      - fn: c_init
        level: |-
          rotfs
      - fn: d_init
        level: >-
          rotfs
      - { fn: e_init, level: &lv rotfs }
      - { fn: f_init, level: *lv }
      - { fn: g_init, level: 44 }
`);
    const write = (at: string, text: string) => [{ description: 'write level "rootfs"', edits: [{ at, text }] }];
    expect((await fixesOf(plan)).filter((f) => f.code === 'unknown-level')).toEqual([
      { code: 'unknown-level', at: '8:30', fixes: write('8:30-8:37', '"rootfs"') },
      { code: 'unknown-level', at: '9:30', fixes: write('9:30-9:37', "'rootfs'") },
      { code: 'unknown-level', at: '11:16' },
      { code: 'unknown-level', at: '14:16' },
      { code: 'unknown-level', at: '16:34', fixes: write('16:34-16:39', 'rootfs') },
      { code: 'unknown-level', at: '17:30' },
      { code: 'unknown-level', at: '18:30' },
    ]);
    const unfixed = (at: string, id: string, level = 'rotfs', guess = 'rootfs') => `unknown-level ${at}: unknown level "${level}" for a.${id}; did you mean "${guess}"?`;
    expect(await fixed(plan)).toEqual({
      text: plan.replace('"rotfs"', '"rootfs"').replace("'rotfs'", "'rootfs'").replace('&lv rotfs', '&lv rootfs'),
      after: [unfixed('11:16', 'c_init'), unfixed('14:16', 'd_init'), unfixed('18:30', 'g_init', '44', '4')],
    });
  });

  it('an entry named in `after`, or inside a symbolic priority (quoted, as the value is no plain name)', async () => {
    const plan = lib(`      - { fn: a_init, level: rootfs, prio: 0, provides: [fdtab] }
      - { fn: b_init, level: rootfs, prio: 1, uses: [fdtab], after: [a.a_int] }
      - { fn: c_init, level: rootfs, prio: after(a.a_int), uses: [fdtab] }
      - { fn: d_init, level: rootfs, prio: before(a.b_int), provides: [vfs] }
      - { fn: e_init, level: late, uses: [vfs] }
`);
    const name = (id: string, at: string, text: string) => [{ description: `name "${id}"`, edits: [{ at, text }] }];
    expect(await fixesOf(plan)).toEqual([
      { code: 'unknown-entry-ref', at: '9:70', fixes: name('a.a_init', '9:70-9:77', 'a.a_init') },
      { code: 'unknown-entry-ref', at: '10:44', fixes: name('a.a_init', '10:44-10:58', '"after(a.a_init)"') },
      { code: 'unknown-entry-ref', at: '11:44', fixes: name('a.b_init', '11:44-11:59', '"before(a.b_init)"') },
      { code: 'capability-never-provided', at: '12:43' },
    ]);
    expect(await fixed(plan)).toEqual({
      text: plan.replace('[a.a_int]', '[a.a_init]').replace('after(a.a_int)', '"after(a.a_init)"').replace('before(a.b_int)', '"before(a.b_init)"'),
      after: [],
    });
  });

  it('a capability in `uses`, quoted when it is not a plain name', async () => {
    const plan = lib(`      - { fn: a_init, level: rootfs, prio: 0, provides: ['net:eth0'] }
      - { fn: b_init, level: rootfs, prio: 1, uses: [net:eht0] }
`);
    expect(await fixesOf(plan)).toEqual([
      { code: 'unused-capability', at: '8:57' },
      { code: 'capability-never-provided', at: '9:54', fixes: [{ description: 'use `net:eth0`', edits: [{ at: '9:54-9:62', text: '"net:eth0"' }] }] },
    ]);
    expect(await fixed(plan)).toEqual({ text: plan.replace('[net:eht0]', '["net:eth0"]'), after: [] });
  });

  it("a capability written in single quotes keeps them, its quote doubled", async () => {
    const plan = lib(`      - { fn: a_init, level: rootfs, prio: 0, provides: ["fd:it's"] }
      - { fn: b_init, level: rootfs, prio: 1, uses: ['fd:it''z'] }
`);
    expect((await fixesOf(plan)).filter((f) => f.fixes)).toEqual([
      { code: 'capability-never-provided', at: '9:54', fixes: [{ description: "use `fd:it's`", edits: [{ at: '9:54-9:64', text: "'fd:it''s'" }] }] },
    ]);
    expect(await fixed(plan)).toEqual({ text: plan.replace("'fd:it''z'", "'fd:it''s'"), after: [] });
  });

  it('no fix for a guess that only lengthens or shortens the name, and no guess of what the entry itself provides', async () => {
    const plan = lib(`      - { fn: a_init, level: rootfs, prio: 0, provides: [fdtab] }
      - { fn: b_init, level: rootfs, prio: 1, uses: [fdtabs, fdta] }
      - { fn: c_init, level: rootfs, prio: 2, uses: [fdtav], provides: [fdtab] }
`);
    expect((await checkedFindings(plan, { code: 'capability-never-provided' })).map((f) => ({ at: f.at, message: f.message, fixes: f.fixes }))).toEqual([
      { at: '9:54', message: '`a.b_init` uses `fdtabs`, which nothing provides; did you mean `fdtab`?' },
      { at: '9:62', message: '`a.b_init` uses `fdta`, which nothing provides; did you mean `fdtab`?' },
      { at: '10:54', message: '`a.c_init` uses `fdtav`, which nothing provides' },
    ]);
  });

  it('no fix for a "did you mean" of a finding that is not about one of these names', async () => {
    expect(await checkedFindings(HEAD.replace('qemu/x86_64', 'qemu/x86_6'))).toEqual([
      expect.objectContaining({ code: 'unknown-target', at: '4:9', message: 'unknown target "qemu/x86_6" for unikraft@0.17; did you mean "qemu/x86_64"?' }),
    ]);
  });
});

describe('a race untied by the priority its hint names', () => {
  const provider = '      - { fn: a_init, level: lib, prio: 0, provides: [fdtab] }\n';
  const untie = (value: string, id: string, at: string, text: string) => [{ description: `write \`prio: ${value}\` on ${id}`, edits: [{ at, text }] }];

  it('a plain priority becomes the quoted symbolic one; the plan then checks clean', async () => {
    const plan = lib(`${provider}      - { fn: b_init, level: lib, prio: 0, uses: [fdtab] }
`);
    expect(await fixesOf(plan)).toEqual([{ code: 'race', at: '9:51', fixes: untie('after(a.a_init)', 'a.b_init', '9:41-9:42', '"after(a.a_init)"') }]);
    expect(await fixed(plan)).toEqual({ text: plan.replace('prio: 0, uses', 'prio: "after(a.a_init)", uses'), after: [] });
  });

  it('at the last priority the provider moves before its user instead', async () => {
    const plan = lib(`      - { fn: a_init, level: lib, prio: 9, provides: [fdtab] }
      - { fn: b_init, level: lib, prio: 9, uses: [fdtab] }
`);
    expect(await fixesOf(plan)).toEqual([{ code: 'race', at: '9:51', fixes: untie('before(a.b_init)', 'a.a_init', '8:41-8:42', '"before(a.b_init)"') }]);
    expect(await fixed(plan)).toEqual({ text: plan.replace('prio: 9, provides', 'prio: "before(a.b_init)", provides'), after: [] });
  });

  it('a quoted priority keeps its quotes; one written as a block scalar is left alone', async () => {
    const plan = lib(`      - { fn: z_init, level: lib, prio: 0 }
      - { fn: a_init, level: lib, prio: 1, provides: [fdtab] }
      - { fn: b_init, level: lib, prio: 'after(a.z_init)', uses: [fdtab] }
      - fn: c_init
        level: lib
        prio: |-
          after(a.z_init)
        uses: [fdtab]
      - fn: d_init
        level: lib
        prio: >-
          after(a.z_init)
        uses: [fdtab]
`);
    expect(await fixesOf(plan)).toEqual([
      { code: 'race', at: '10:67', fixes: untie('after(a.a_init)', 'a.b_init', '10:41-10:58', "'after(a.a_init)'") },
      { code: 'race', at: '15:16' },
      { code: 'race', at: '20:16' },
    ]);
  });

  it('no fix when the hint names no priority: a table without priorities, a race inside a cycle', async () => {
    const gcc = `${HEAD}libraries:\n  a:\n    init_array:\n      - { fn: a_init, provides: [x] }\n      - { fn: b_init, uses: [x] }\n`;
    expect((await checkedFindings(gcc)).map((f) => ({ code: f.code, hint: f.hint, fixes: f.fixes }))).toEqual([
      { code: 'race', hint: 'order a.a_init before a.b_init by giving a.a_init an earlier level' },
    ]);
    const cycle = lib(`      - { fn: a_init, level: lib, prio: 1, uses: [y], provides: [x] }
      - { fn: b_init, level: lib, prio: 1, uses: [x], provides: [y] }
`);
    const inside = 'break the cycle above first: no levels or priorities can satisfy this requirement while it stands';
    expect((await checkedFindings(cycle)).map((f) => ({ code: f.code, hint: f.hint, fixes: f.fixes }))).toEqual([
      { code: 'cycle', hint: 'break one of these requirements; no levels or priorities can satisfy all of them' },
      { code: 'race', hint: inside },
      { code: 'race', hint: inside },
    ]);
  });

  it('an entry without a priority gets the key, in a flow mapping and in a block mapping', async () => {
    const flow = lib(`      - { fn: a_init, level: lib, provides: [fdtab] }
      - { fn: b_init, level: lib, uses: [fdtab] }
`);
    expect(await fixesOf(flow)).toEqual([{ code: 'race', at: '9:42', fixes: untie('before(a.b_init)', 'a.a_init', '8:52-8:52', ', prio: "before(a.b_init)"') }]);
    expect(await fixed(flow)).toEqual({ text: flow.replace('provides: [fdtab] }', 'provides: [fdtab], prio: "before(a.b_init)" }'), after: [] });
    const block = lib(`      - fn: a_init
        level: lib
        provides: [fdtab]
      - fn: b_init
        level: lib
        uses: [fdtab]
`);
    expect(await fixesOf(block)).toEqual([{ code: 'race', at: '13:16', fixes: untie('before(a.b_init)', 'a.a_init', '11:1-11:1', '        prio: "before(a.b_init)"\n') }]);
    expect(await fixed(block)).toEqual({ text: block.replace('provides: [fdtab]\n', 'provides: [fdtab]\n        prio: "before(a.b_init)"\n'), after: [] });
  });

  it('no fix where the edit would reach past the plan: a catalog it includes, an overlay, an anchor', async () => {
    const catalog = `${HEAD}include: [cat.yaml]\nlibraries:\n  a:\n    initcalls:\n${provider}`;
    const files = { 'cat.yaml': 'bootplan: 1\nlibraries:\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, uses: [fdtab] }\n' };
    const hintAndFixes = (list: Awaited<ReturnType<typeof checkedFindings>>) => list.map((f) => ({ code: f.code, at: f.at, hint: f.hint, fixes: f.fixes }));
    expect(hintAndFixes(await checkedFindings(catalog, { files }))).toEqual([{ code: 'race', at: 'cat.yaml 5:51', hint: 'write `prio: after(a.a_init)` on b.b_init (priority 1)' }]);
    const overlay = `${HEAD.replace('bootplan: 1', 'bootplan: 1.1')}overlay:\n  a.b_init: { prio: 0 }\nlibraries:\n  a:\n    initcalls:\n${provider}      - { fn: b_init, level: lib, prio: 3, uses: [fdtab] }\n`;
    expect(hintAndFixes(await checkedFindings(overlay))).toEqual([{ code: 'race', at: '11:51', hint: 'write `prio: after(a.a_init)` on a.b_init (priority 1)' }]);
    const anchored = lib(`      - { fn: a_init, level: lib, prio: &p 0, provides: [fdtab] }
      - { fn: b_init, level: lib, prio: *p, uses: [fdtab] }
`);
    expect(hintAndFixes(await checkedFindings(anchored))).toEqual([{ code: 'race', at: '9:52', hint: 'write `prio: after(a.a_init)` on a.b_init (priority 1)' }]);
  });
});

describe('an allow that accepts nothing', () => {
  const provider = '      - { fn: a_init, level: lib, prio: 0, provides: [fdtab] }\n';
  const racy = '      - { fn: b_init, level: lib, prio: 0, uses: [fdtab] }';
  const quiet = '      - { fn: b_init, level: lib, prio: 1, uses: [fdtab] }';
  const allowFixes = async (text: string) => (await checkedFindings(text, { code: 'unused-allow' })).map((f) => ({ at: f.at, subjects: f.subjects, fixes: f.fixes }));

  it('on a line of its own: the line goes', async () => {
    const plan = lib(`${provider}      # bootplan-allow: race -- linked first\n${quiet}\n`);
    expect(await allowFixes(plan)).toEqual([{ at: '9:7', subjects: ['race'], fixes: [{ description: 'remove the allow', edits: [{ at: '9:1-10:1', text: '' }] }] }]);
    expect(await fixed(plan)).toEqual({ text: lib(`${provider}${quiet}\n`), after: [] });
    const last = lib(`${provider}${quiet}\n      # bootplan-allow: race`);
    expect(await allowFixes(last)).toEqual([{ at: '10:7', subjects: ['race'], fixes: [{ description: 'remove the allow', edits: [{ at: '10:1-10:29', text: '' }] }] }]);
    expect((await fixed(last)).text).toBe(lib(`${provider}${quiet}\n`));
  });

  it('after the entry: the comment and the blanks before it go, the line ending stays (also CRLF)', async () => {
    const plan = lib(`${provider}${quiet}   # bootplan-allow: race\n`);
    expect(await allowFixes(plan)).toEqual([{ at: '9:62', subjects: ['race'], fixes: [{ description: 'remove the allow', edits: [{ at: '9:59-9:84', text: '' }] }] }]);
    expect(await fixed(plan)).toEqual({ text: lib(`${provider}${quiet}\n`), after: [] });
    const crlf = lib(`${provider}${quiet} # bootplan-allow: race\n${quiet.replace('b_init', 'c_init')}\n`).replaceAll('\n', '\r\n');
    expect(await allowFixes(crlf)).toEqual([{ at: '9:60', subjects: ['race'], fixes: [{ description: 'remove the allow', edits: [{ at: '9:59-9:82', text: '' }] }] }]);
    expect((await fixed(crlf)).text).toBe(lib(`${provider}${quiet}\n${quiet.replace('b_init', 'c_init')}\n`).replaceAll('\n', '\r\n'));
  });

  it('one code of several: only it is taken out, the reason kept', async () => {
    const plan = lib(`${provider}${racy}  # bootplan-allow: cycle, race -- linked first\n`);
    expect(await allowFixes(plan)).toEqual([{ at: '9:61', subjects: ['cycle'], fixes: [{ description: 'take `cycle` out of the allow', edits: [{ at: '9:79-9:90', text: 'race' }] }] }]);
    expect(await fixed(plan)).toEqual({ text: plan.replace('cycle, race', 'race'), after: [] });
  });

  it('a misspelt code: the code the entry reports is written in its place', async () => {
    const plan = lib(`${provider}${racy}  #bootplan-allow:rcae,cycle\n`);
    expect(await allowFixes(plan)).toEqual([
      { at: '9:61', subjects: ['cycle'], fixes: [{ description: 'take `cycle` out of the allow', edits: [{ at: '9:77-9:87', text: 'rcae' }] }] },
      { at: '9:61', subjects: ['rcae', 'race'], fixes: [{ description: 'write `race` for `rcae` in the allow', edits: [{ at: '9:77-9:87', text: 'race, cycle' }] }] },
    ]);
  });

  it('on the last line, with no line break after it', async () => {
    const plan = lib(`${provider}${quiet} # bootplan-allow: race`);
    expect(await allowFixes(plan)).toEqual([{ at: '9:60', subjects: ['race'], fixes: [{ description: 'remove the allow', edits: [{ at: '9:59-9:82', text: '' }] }] }]);
    expect((await fixed(plan)).text).toBe(lib(`${provider}${quiet}`));
  });

  it('the codes left are listed comma-separated, an empty one dropped', async () => {
    const plan = lib(`${provider}${racy} # bootplan-allow: cycle, race, term-order,\n`);
    const take = (code: string, text: string) => [{ description: `take \`${code}\` out of the allow`, edits: [{ at: '9:78-9:102', text }] }];
    expect(await allowFixes(plan)).toEqual([
      { at: '9:60', subjects: ['cycle'], fixes: take('cycle', 'race, term-order') },
      { at: '9:60', subjects: ['term-order'], fixes: take('term-order', 'cycle, race') },
    ]);
  });

  it('no fix for an allow that names no rule', async () => {
    expect(await allowFixes(lib(`${provider}${quiet}  # bootplan-allow:\n`))).toEqual([{ at: '9:61' }]);
  });
});
