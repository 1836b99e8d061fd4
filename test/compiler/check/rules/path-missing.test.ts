import { describe, expect, it } from 'vitest';
import { lunaPathMissing } from '../../../../compiler/check/rules/path-missing.js';
import { LUNA_EXAMPLE, LUNA_IMAGES } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { expectReplays } from './witness-replays.js';

const CODE = 'path-missing';
/** The example images, preinit running `steps` (then idle). */
const preinit = (steps: string[]) => `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${steps.map((s) => `    - ${s}\n`).join('')}    - { idle: {} }\n`;
/** preinit runs `main` (it spawns /bin/helper somewhere without waiting), /bin/helper runs `helper` and exits. */
const withHelper = (main: string[], helper: string[]) => `${LUNA_EXAMPLE}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/helper: { mode: '0755' }
    /dev: { dir: true }
    /osroot: { dir: true }
programs:
  /bin/preinit:
${main.map((s) => `    - ${s}\n`).join('')}    - { idle: {} }
  /bin/helper:
${helper.map((s) => `    - ${s}\n`).join('')}    - { exit: 0 }
`;
const messages = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);

const replays = (text: string): Promise<void> => expectReplays(text, CODE);

describe('path-missing', () => {
  it('names the device file and the mount point of a mount from a device that is gone', async () => {
    const text = lunaPathMissing.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "35:7",
          "code": "path-missing",
          "hint": "order it after the step that makes /dev/cd0p2 and /osroot exist (a mount, mkdir or listen), or before the one that takes them away",
          "message": "\`preinit.mount:/osroot\` (preinit, step 3): needs /dev/cd0p2 and /osroot: ENOENT (no such file or directory) in every schedule",
          "severity": "error",
          "subjects": [
            "preinit.mount:/osroot",
          ],
          "witness": {
            "expect": {
              "capability": "ENOENT /osroot",
              "entry": "preinit.mount:/osroot",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "kinit.exit",
              "preinit.mount:/dev",
              "preinit.umount:/dev",
              "preinit.mount:/osroot",
              "preinit.idle",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('names the one path of a mount without a device', async () => {
    expect(await messages(preinit(['{ mount: { fs: devfs, at: /nowhere } }']))).toEqual([
      '`preinit.mount:/nowhere` (preinit, step 1): needs /nowhere: ENOENT (no such file or directory) in every schedule | order it after the step that makes /nowhere exist (a mount, mkdir or listen), or before the one that takes it away',
    ]);
  });

  it('names both paths when a mount from a device has a file for its mount point (ENOTDIR)', async () => {
    expect(await messages(preinit(['{ mount: { fs: devfs, at: /dev } }', '{ mount: { fs: ext2, dev: /dev/cd0p2, at: /bin/preinit } }']))).toEqual([
      '`preinit.mount:/bin/preinit` (preinit, step 2): needs /dev/cd0p2 and /bin/preinit: ENOTDIR (not a directory) in every schedule | order it after the step that makes /dev/cd0p2 and /bin/preinit exist (a mount, mkdir or listen), or before the one that takes them away',
    ]);
  });

  it('says a source that holds no filesystem is the problem, not the order', async () => {
    // /dev/cd0 is the whole disk (ENXIO); /bin/preinit is no device at all (ENOTBLK).
    expect(await messages(preinit(['{ mount: { fs: devfs, at: /dev } }', '{ mount: { fs: ext2, dev: /dev/cd0, at: /osroot } }']))).toEqual([
      '`preinit.mount:/osroot` (preinit, step 2): mounts from /dev/cd0: ENXIO (no such device or address) in every schedule | mount from the device file of a partition that holds a filesystem: /dev/cd0 is not one',
    ]);
    expect(await messages(preinit(['{ mount: { fs: ext2, dev: /bin/preinit, at: /osroot } }']))).toEqual([
      '`preinit.mount:/osroot` (preinit, step 1): mounts from /bin/preinit: ENOTBLK (block device required) in every schedule | mount from the device file of a partition that holds a filesystem: /bin/preinit is not one',
    ]);
  });

  it('asks for a ramdisk when the plan has none to mount', async () => {
    expect(await messages(`${LUNA_EXAMPLE}programs:\n  /bin/preinit:\n    - { idle: {} }\n`)).toEqual([
      '`kinit.mount:/` (kinit, step 1): mounts the initial ramdisk: ENXIO (no such device or address) in every schedule | give the plan a `ramdisk:` for it to mount',
    ]);
  });

  it('reports a connect to a path that is not a socket', async () => {
    expect(await messages(preinit(['{ connect: /dev }']))).toEqual([
      '`preinit.connect:/dev` (preinit, step 1): needs a socket at /dev: ECONNREFUSED (connection refused) in every schedule | connect to the path a listen step creates: /dev is not a socket',
    ]);
  });

  it('reports a connect to a socket nobody has made', async () => {
    expect(await messages(preinit(['{ connect: /osroot/x.sock }']))).toEqual([
      '`preinit.connect:/osroot/x.sock` (preinit, step 1): needs /osroot/x.sock: ENOENT (no such file or directory) in every schedule | order it after the step that makes /osroot/x.sock exist (a mount, mkdir or listen), or before the one that takes it away',
    ]);
  });

  it('names the step of another process that takes the path away first, with a schedule that replays', async () => {
    const text = withHelper(['{ mount: { fs: devfs, at: /dev } }', '{ spawn: { path: /bin/helper } }', '{ open: /dev/null }'], ['{ umount: /dev }']);
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "24:7",
          "code": "path-missing",
          "hint": "order it after the step that makes /dev/null exist (a mount, mkdir or listen), or before the one that takes it away",
          "message": "\`preinit.open:/dev/null\` (preinit, step 3): needs /dev/null: ENOENT (no such file or directory) in a schedule that runs helper.umount:/dev (helper, step 1) first",
          "related": [
            {
              "at": "27:7",
              "message": "helper.umount:/dev: the step that makes the difference",
            },
          ],
          "severity": "error",
          "subjects": [
            "preinit.open:/dev/null",
            "helper.umount:/dev",
          ],
          "witness": {
            "expect": {
              "capability": "ENOENT /dev/null",
              "entry": "preinit.open:/dev/null",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "preinit.mount:/dev",
              "preinit.spawn:helper",
              "helper.umount:/dev",
              "preinit.open:/dev/null",
              "kinit.exit",
              "preinit.idle",
              "helper.exit",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('is a race too when the step may run before the one that makes the path', async () => {
    const text = withHelper(['{ spawn: { path: /bin/helper } }', '{ open: /osroot/x }'], ['{ mkdir: /osroot/x }']);
    expect(await messages(text)).toEqual([
      '`preinit.open:/osroot/x` (preinit, step 2): needs /osroot/x: ENOENT (no such file or directory) in a schedule that runs it before the steps it needs | order it after the step that makes /osroot/x exist (a mount, mkdir or listen), or before the one that takes it away',
    ]);
    await replays(text);
  });

  it('leaves a program run from a missing path to exec-missing, and a pivot to pivot-root-invalid', async () => {
    for (const step of ['{ exec: /usr/bin/init }', '{ spawn: { path: /usr/bin/init } }']) {
      const text = `${preinit([step])}  /usr/bin/init:\n    - { idle: {} }\n`;
      expect(await messages(text)).toEqual([]);
      expect((await findings(text)).map((f) => f.code)).toContain('exec-missing');
    }
    expect(await messages(preinit(['{ mount: { fs: devfs, at: /dev } }', '{ mount: { fs: ext2, dev: /dev/cd0p2, at: /osroot } }', '{ umount: /dev }', '{ pivot-root: { new: /osroot, old: /osroot/nope } }']))).toEqual([]);
  });

  it('leaves the errnos of other rules to them', async () => {
    expect(await messages(preinit(['{ mkdir: /dev }']))).toEqual([]);
  });
});
