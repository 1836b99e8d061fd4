import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

const plan = (level: string) => `${HEAD}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  app-config:
    initcalls:
      - { fn: write_config, level: ${level}, prio: 9, uses: ['mount:/'] }
`;

describe('mount-before-mounted', () => {
  it('reports a use of a mount point before the entry that mounts it, with a witness that replays', async () => {
    expect(await witnessProblems(plan('lib'), 'mount-before-mounted')).toEqual([null]);
    expect(await findings(plan('lib'), { code: 'mount-before-mounted' })).toMatchInlineSnapshot(`
      [
        {
          "at": "11:9",
          "code": "mount-before-mounted",
          "hint": "run app-config.write_config after rootfs 4, or mount / earlier",
          "message": "\`app-config.write_config\` (lib 9) uses / before it is mounted: \`vfscore.vfscore_automount\` mounts it at rootfs 4, later in every boot",
          "related": [
            {
              "at": "8:9",
              "message": "vfscore.vfscore_automount (rootfs 4): provided here",
            },
          ],
          "severity": "error",
          "subjects": [
            "app-config.write_config",
            "vfscore.vfscore_automount",
          ],
          "witness": {
            "expect": {
              "capability": "mount:/",
              "entry": "app-config.write_config",
              "kind": "fault",
            },
            "order": [
              "core.multiboot_entry",
              "core.ukplat_entry",
              "core.libparam",
              "core.alloc",
              "core.tls",
              "core.irq",
              "core.time",
              "core.sched",
              "app-config.write_config",
              "vfscore.vfscore_automount",
              "core.banner",
            ],
          },
        },
      ]
    `);
  });

  it('is quiet when the user runs after the mount', async () => {
    expect(await findings(plan('sys'), { code: 'mount-before-mounted' })).toEqual([]);
  });

  it('leaves other capabilities used too early to use-before-provide', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: p, level: rootfs, provides: [ready] }\n      - { fn: u, level: lib, uses: [ready] }\n`;
    expect((await findings(text)).map((f) => f.code)).toEqual(['use-before-provide']);
  });
});
