import { describe, expect, it } from 'vitest';
import { notableEntries } from '../../../compiler/check/notable.js';
import type { CheckContext } from '../../../compiler/check/rule.js';
import { LUNA_EXAMPLE } from '../../../compiler/check/rules/examples.js';
import { STATE_FAMILIES, stateByHand, stateFamily } from '../../../compiler/check/rules/state-by-hand.js';
import { compile, graphOf, loadPlanText } from '../../../compiler/index.js';
import type { Compiled } from '../../../compiler/types.js';
import { findings } from '../../helpers/findings.js';

describe('stateFamily', () => {
  it('names the effect of a device, a mount and an initrd capability', () => {
    expect(stateFamily('dev:fs0')?.effect).toBe('probe-buses');
    expect(stateFamily('mount:/')?.effect).toBe('mount');
    expect(stateFamily('initrd:/x')?.effect).toBe('extract-initrd');
  });

  it('has only prefixes that end in `:`, so that the rule may skip every name without one', () => {
    // state-by-hand reads a capability's name only when the graph's table marks it namespaced.
    for (const family of STATE_FAMILIES) expect(family.prefix.endsWith(':')).toBe(true);
  });

  it('is undefined for plain capabilities, the bare family names and near misses', () => {
    for (const capability of ['', 'alloc', 'dev', 'device', 'mount', 'mount/', 'initrd', 'imount:/', 'Dev:fs0', ':dev:fs0', 'devfs.c3', 'd', 'm:'])
      expect(stateFamily(capability)).toBeUndefined();
  });
});

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';

function plan(fields: string): string {
  return `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: rootfs, prio: 4, ${fields} }\n`;
}

describe('state-by-hand', () => {
  it('names the effect that creates a device, with the device listed beside it', async () => {
    expect(await findings(plan("provides: ['dev:fs0']"), { code: 'state-by-hand' })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:52",
          "code": "state-by-hand",
          "hint": "replace \`dev:fs0\` under provides with \`effects: [{ probe-buses: {} }]\` (and the device under \`devices:\`)",
          "message": "\`a.f\` provides \`dev:fs0\` by hand, but an attached device exists only when the \`probe-buses\` effect creates it: at boot nothing would be there",
          "severity": "error",
          "subjects": [
            "a.f",
          ],
        },
      ]
    `);
  });

  it('asks for a mount at the directory the capability names', async () => {
    expect(await findings(plan("provides: ['mount:/data']"), { code: 'state-by-hand' })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:52",
          "code": "state-by-hand",
          "hint": "replace \`mount:/data\` under provides with \`effects: [{ mount: { dev: none, at: /data, fs: ramfs } }]\` (or the driver and device it mounts)",
          "message": "\`a.f\` provides \`mount:/data\` by hand, but a mounted filesystem exists only when the \`mount\` effect creates it: at boot nothing would be there",
          "severity": "error",
          "subjects": [
            "a.f",
          ],
        },
      ]
    `);
  });

  it('asks for a mount of / when the capability names no directory', async () => {
    expect(await findings(plan("provides: ['mount:']"), { code: 'state-by-hand' })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:52",
          "code": "state-by-hand",
          "hint": "replace \`mount:\` under provides with \`effects: [{ mount: { dev: none, at: /, fs: ramfs } }]\` (or the driver and device it mounts)",
          "message": "\`a.f\` provides \`mount:\` by hand, but a mounted filesystem exists only when the \`mount\` effect creates it: at boot nothing would be there",
          "severity": "error",
          "subjects": [
            "a.f",
          ],
        },
      ]
    `);
  });

  it('asks for the initrd extracted into the directory', async () => {
    expect(await findings(plan("provides: ['initrd:/boot']"), { code: 'state-by-hand' })).toMatchInlineSnapshot(`
      [
        {
          "at": "8:52",
          "code": "state-by-hand",
          "hint": "replace \`initrd:/boot\` under provides with \`effects: [{ extract-initrd: { to: /boot } }]\`",
          "message": "\`a.f\` provides \`initrd:/boot\` by hand, but the files unpacked from the initrd exist only when the \`extract-initrd\` effect creates them: at boot nothing would be there",
          "severity": "error",
          "subjects": [
            "a.f",
          ],
        },
      ]
    `);
  });

  it('reports each capability by hand of an entry, and none of the plain ones', async () => {
    const found = await findings(plan("provides: [net, 'dev:fs0', 'initrd:/x']"), { code: 'state-by-hand' });
    expect(found.map((f) => f.message)).toEqual([
      '`a.f` provides `dev:fs0` by hand, but an attached device exists only when the `probe-buses` effect creates it: at boot nothing would be there',
      '`a.f` provides `initrd:/x` by hand, but the files unpacked from the initrd exist only when the `extract-initrd` effect creates them: at boot nothing would be there',
    ]);
  });

  it('is quiet when the entry has the effect that creates the state', async () => {
    expect(await findings(plan("provides: ['mount:/'], effects: [{ mount: { dev: none, at: /, fs: ramfs } }]"), { code: 'state-by-hand' })).toEqual([]);
    expect(await findings(plan("effects: [{ mount: { dev: none, at: /, fs: ramfs } }]"), { code: 'state-by-hand' })).toEqual([]);
  });

  it('is quiet on plain capabilities', async () => {
    expect(await findings(plan('provides: [net, device]'), { code: 'state-by-hand' })).toEqual([]);
  });

  it('reports a thread-model step too (its graph has no capability table: the rule reads the entries)', async () => {
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { name: setup, provides: [ready, 'mount:/data'] }\n    - { idle: {} }\n`;
    expect((await findings(text, { code: 'state-by-hand' })).map((f) => [f.at, f.message, f.hint])).toEqual([
      ['19:32', '`preinit.setup` provides `mount:/data` by hand, but a mounted filesystem exists only when a `mount` step creates it: at boot nothing would be there',
        // A step's syntax, not an initcall's effects.
        'replace `mount:/data` under provides with a `{ mount: { fs: tmpfs, at: /data } }` step (or the filesystem and device it mounts)'],
    ]);
    // The hinted step is one the plan takes, and the finding goes.
    const fixed = text.replace("{ name: setup, provides: [ready, 'mount:/data'] }", '{ mount: { fs: tmpfs, at: /data }, provides: [ready] }').replace("/bin/preinit: { mode: '0755' }", "/bin/preinit: { mode: '0755' }\n    /data: { dir: true }");
    expect((await findings(fixed)).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('hints each family by the step that creates it on a thread-model plan', async () => {
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\nprograms:\n  /bin/preinit:\n    - { name: setup, provides: ['dev:cd0', 'dev:', 'mount:', 'initrd:', 'initrd:/opt'] }\n    - { idle: {} }\n`;
    expect((await findings(text, { code: 'state-by-hand' })).map((f) => [f.message.replace(/^.* exists? only when /, ''), f.hint]).sort()).toEqual([
      ['a `mount` step creates it: at boot nothing would be there', 'replace `mount:` under provides with a `{ mount: { fs: tmpfs, at: / } }` step (or the filesystem and device it mounts)'],
      ['a `mount` step creates them: at boot nothing would be there', 'replace `initrd:/opt` under provides with a `{ mount: { fs: initrd, at: /opt } }` step (the initial ramdisk, with the files under `ramdisk:`)'],
      ['a `mount` step creates them: at boot nothing would be there', 'replace `initrd:` under provides with a `{ mount: { fs: initrd, at: / } }` step (the initial ramdisk, with the files under `ramdisk:`)'],
      ['a `scan-disks` step creates it: at boot nothing would be there', 'replace `dev:` under provides with a `{ scan-disks: {} }` step, and use `device:<disk>` where it is used: that step provides `device:<disk>` for each disk of the plan'],
      ['a `scan-disks` step creates it: at boot nothing would be there', 'replace `dev:cd0` under provides with a `{ scan-disks: {} }` step, and use `device:cd0` where it is used: that step provides `device:<disk>` for each disk of the plan'],
    ]);
  });

  it('reads the entries it is given, not a graph built for other entries', () => {
    const { compiled } = compile(loadPlanText('/virtual/plan.yaml', `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, prio: 1, provides: ['dev:fs0'] }\n      - { fn: g, level: lib, prio: 2, provides: [net] }\n      - { fn: h, level: lib, prio: 3, provides: ['initrd:/x'] }\n`));
    // a caller's part of the plan (all but a.f) with the whole plan's graph: its table is laid out by the whole plan's entries
    const part: Compiled = { ...compiled!, entries: compiled!.entries.slice(1) };
    const ctx: CheckContext = { compiled: part, graph: graphOf(compiled!), position: { get: () => undefined }, doubtful: [], notable: notableEntries(part.entries) };
    expect(stateByHand.check!(ctx).map((d) => d.message)).toEqual([
      '`a.h` provides `initrd:/x` by hand, but the files unpacked from the initrd exist only when the `extract-initrd` effect creates them: at boot nothing would be there',
    ]);
  });
});
