import { describe, expect, it } from 'vitest';
import { lunaFsRace } from '../../../../compiler/check/rules/fs-race.js';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';
import { witnessProblems } from './witness-replays.js';

describe('fs-race', () => {
  it('reports a mount and a mkdir beneath it in two processes nothing orders, with the other schedule as witness', async () => {
    const plan = lunaFsRace.example!.failing;
    expect(await witnessProblems(plan, 'fs-race', {})).toEqual([null]);
    expect(await findings(plan, { code: 'fs-race' })).toMatchInlineSnapshot(`
      [
        {
          "at": "45:7",
          "code": "fs-race",
          "hint": "order them: wait for tmp or preinit to finish (spawn with \`wait: true\`), or \`await\` a capability the first provides",
          "message": "\`preinit.mkdir:/tmp/session\` (preinit, step 9) and \`tmp.mount:/tmp\` (tmp, step 1) both change the filesystem at overlapping paths, and nothing orders them: the state after them depends on the schedule",
          "related": [
            {
              "at": "42:7",
              "message": "preinit.mkdir:/tmp/session: the other step",
            },
          ],
          "severity": "error",
          "subjects": [
            "tmp.mount:/tmp",
            "preinit.mkdir:/tmp/session",
          ],
          "witness": {
            "expect": {
              "entry": "tmp.mount:/tmp",
              "first": "preinit.mkdir:/tmp/session",
              "kind": "order",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "preinit.mount:/dev",
              "preinit.mount:/osroot",
              "preinit.umount:/dev",
              "preinit.pivot-root:/osroot",
              "preinit.umount:/mnt",
              "preinit.mount:/dev#2",
              "preinit.exec:/usr/bin/init",
              "preinit.spawn:tmp",
              "tmp.mount:/tmp",
              "kinit.exit",
              "preinit.mkdir:/tmp/session",
              "preinit.idle",
              "tmp.exit",
            ],
          },
        },
      ]
    `);
  });

  it('is quiet once the parent waits for the child', async () => {
    expect(await findings(lunaFsRace.example!.fixed, { code: 'fs-race' })).toEqual([]);
    expect((await findings(lunaFsRace.example!.fixed)).every((f) => typeof f.code === 'string')).toBe(true);
  });

  it('is quiet on a profile without threads', async () => {
    const plan = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: m, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }\n      - { fn: n, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /tmp, fs: ramfs } }] }\n`;
    expect(await findings(plan, { code: 'fs-race' })).toEqual([]);
  });
});
