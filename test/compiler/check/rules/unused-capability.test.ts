/**
 * unused-capability: a provide no entry, term function or effect uses, located at `provides`;
 * what effects and thread-model steps provide by their contract is not reported.
 */
import { describe, expect, it } from 'vitest';
import { notableEntries } from '../../../../compiler/check/notable.js';
import type { CheckContext } from '../../../../compiler/check/rule.js';
import { LUNA_EXAMPLE } from '../../../../compiler/check/rules/examples.js';
import { unusedCapability } from '../../../../compiler/check/rules/unused-capability.js';
import { compile, graphOf, loadPlanText } from '../../../../compiler/index.js';
import type { Compiled } from '../../../../compiler/types.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';

describe('unused-capability', () => {
  it('reports each capability nothing uses, not the ones used', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, provides: [x, y, z] }\n  app:\n    main: { uses: [y] }\n`;
    const finding = (c: string) => ({
      code: 'unused-capability',
      severity: 'warning',
      at: '8:45',
      message: `\`a.a_init\` provides \`${c}\`, which nothing uses`,
      hint: `add \`uses: [${c}]\` where it is needed, or remove it`,
      subjects: ['a.a_init'],
    });
    expect(await findings(text, { code: 'unused-capability' })).toEqual([finding('x'), finding('z')]);
  });

  it('leaves out what a mount effect provides, not what its entry declares beside it', async () => {
    const text = `${HEAD}libraries:\n  vfscore:\n    initcalls:\n      - { fn: vfscore_automount, level: rootfs, prio: 4, provides: [z], effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n`;
    expect((await findings(text, { code: 'unused-capability' })).map((f) => [f.at, f.message])).toEqual([['8:68', '`vfscore.vfscore_automount` provides `z`, which nothing uses']]);
  });

  it('counts a term function\'s use as a use', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 1, provides: [x] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 2, term: { fn: b_term, uses: [x] } }\n`;
    expect(await findings(text, { code: 'unused-capability' })).toEqual([]);
  });

  it('leaves out what a thread-model step provides by what it does, not what it declares', async () => {
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /dev: { dir: true }\nprograms:\n  /bin/preinit:\n    - { mount: { fs: devfs, at: /dev } }\n    - { name: setup, provides: [ready] }\n    - { idle: {} }\n`;
    expect((await findings(text, { code: 'unused-capability' })).map((f) => f.message)).toEqual(['`preinit.setup` provides `ready`, which nothing uses']);
  });

  it('reads the entries it is given, not a graph built for other entries', () => {
    const { compiled } = compile(loadPlanText('/virtual/plan.yaml', `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, prio: 1, provides: [x] }\n      - { fn: g, level: lib, prio: 2, provides: [y] }\n      - { fn: h, level: lib, prio: 3, provides: [z] }\n  app:\n    main: { uses: [y] }\n`));
    // a caller's part of the plan (all but a.f) with the whole plan's graph: its table is laid out by the whole plan's entries
    const part: Compiled = { ...compiled!, entries: compiled!.entries.slice(1) };
    const ctx: CheckContext = { compiled: part, graph: graphOf(compiled!), position: { get: () => undefined }, doubtful: [], notable: notableEntries(part.entries) };
    expect(unusedCapability.check!(ctx).map((d) => d.message)).toEqual(['`a.h` provides `z`, which nothing uses']);
  });
});
