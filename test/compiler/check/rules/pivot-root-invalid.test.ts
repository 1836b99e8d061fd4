import { describe, expect, it } from 'vitest';
import { lunaPivotRootInvalid } from '../../../../compiler/check/rules/pivot-root-invalid.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, MOUNT_ROOT, TO_ROOT } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { expectReplays } from './witness-replays.js';

const CODE = 'pivot-root-invalid';
const preinit = (steps: string) => `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${steps}    - { idle: {} }\n`;
const messages = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);

const replays = (text: string): Promise<void> => expectReplays(text, CODE);

describe('pivot-root-invalid', () => {
  it('reports a pivot onto a directory nothing is mounted on, with a witness that replays', async () => {
    const text = lunaPivotRootInvalid.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "33:7",
          "code": "pivot-root-invalid",
          "hint": "mount the new root on /osroot before the pivot",
          "message": "\`preinit.pivot-root:/osroot\` (preinit, step 1): /osroot is not a mount point: EINVAL (invalid argument) in every schedule",
          "severity": "error",
          "subjects": [
            "preinit.pivot-root:/osroot",
          ],
          "witness": {
            "expect": {
              "capability": "EINVAL /",
              "entry": "preinit.pivot-root:/osroot",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "kinit.exit",
              "preinit.pivot-root:/osroot",
              "preinit.idle",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('reports a pivot onto / itself', async () => {
    expect(await messages(preinit('    - { pivot-root: { new: /, old: /mnt } }\n'))).toEqual([
      '`preinit.pivot-root:/` (preinit, step 1): the new root is / itself: EINVAL (invalid argument) in every schedule | pivot onto the directory the new root is mounted on',
    ]);
  });

  it('reports an old root outside the new one', async () => {
    expect(await messages(preinit(`${MOUNT_ROOT}    - { pivot-root: { new: /osroot, old: /dev } }\n`))).toEqual([
      '`preinit.pivot-root:/osroot` (preinit, step 4): /dev is not under /osroot: EINVAL (invalid argument) in every schedule | put the old root in a directory inside /osroot (such as /osroot/mnt), with the new root mounted on /osroot',
    ]);
  });

  it('reports an old root the new root does not hold, or holds as a file', async () => {
    expect(await messages(preinit(`${MOUNT_ROOT}    - { pivot-root: { new: /osroot, old: /osroot/nope } }\n`))).toEqual([
      '`preinit.pivot-root:/osroot` (preinit, step 4): /osroot/nope is missing in the new root: ENOENT (no such file or directory) in every schedule | keep /osroot/nope a directory inside the new root',
    ]);
    expect(await messages(preinit(`${MOUNT_ROOT}    - { pivot-root: { new: /osroot, old: /osroot/etc/passwd } }\n`))).toEqual([
      '`preinit.pivot-root:/osroot` (preinit, step 4): /osroot/etc/passwd is not a directory in the new root: ENOTDIR (not a directory) in every schedule | keep /osroot/etc/passwd a directory inside the new root',
    ]);
  });

  it('leaves a pivot by a process that is not root to permission-denied, and other steps to their rules', async () => {
    const text = `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${TO_ROOT}  /usr/bin/init:\n    - { setuid: { user: selene } }\n    - { pivot-root: { new: /tmp, old: /tmp/mnt } }\n    - { idle: {} }\n`;
    expect(await messages(text)).toEqual([]);
    expect((await findings(text)).map((f) => f.code)).toEqual(['permission-denied']);
    expect(await messages(preinit('    - { mkdir: /dev }\n'))).toEqual([]);
  });
});
