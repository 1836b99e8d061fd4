import { describe, expect, it } from 'vitest';
import { lunaFsOpFails } from '../../../../compiler/check/rules/fs-op-fails.js';
import { LUNA_EXAMPLE, LUNA_IMAGES } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { checkText } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const CODE = 'fs-op-fails';
const preinit = (steps: string[]) => `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${steps.map((s) => `    - ${s}\n`).join('')}    - { idle: {} }\n`;
const messages = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);
const GENERIC = 'change the step so the kernel accepts it';

describe('fs-op-fails', () => {
  it('reports an unmount of a filesystem something is mounted beneath, with a witness that replays', async () => {
    const text = lunaFsOpFails.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "35:7",
          "code": "fs-op-fails",
          "hint": "unmount what is mounted under /dev first",
          "message": "\`preinit.umount:/dev\` (preinit, step 3): umount /dev: EBUSY (device or resource busy) in every schedule",
          "severity": "error",
          "subjects": [
            "preinit.umount:/dev",
          ],
          "witness": {
            "expect": {
              "capability": "EBUSY /dev",
              "entry": "preinit.umount:/dev",
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
              "preinit.mount:/dev/pts",
              "preinit.umount:/dev",
              "preinit.idle",
            ],
          },
        },
      ]
    `);
    const { compiled, diagnostics } = await checkText(text);
    expect(witnessProblem(compiled!, diagnostics.find((d) => d.code === CODE)!.witness!)).toBeNull();
  });

  it('reports each other refusal with the general hint', async () => {
    expect(await messages(preinit(['{ mkdir: /dev }']))).toEqual([`\`preinit.mkdir:/dev\` (preinit, step 1): mkdir /dev: EEXIST (file exists) in every schedule | ${GENERIC}`]);
    expect(await messages(preinit(['{ umount: /dev }']))).toEqual([`\`preinit.umount:/dev\` (preinit, step 1): umount /dev: EINVAL (invalid argument) in every schedule | ${GENERIC}`]);
    expect(await messages(preinit(['{ mount: { fs: zfs, at: /dev } }']))).toEqual([`\`preinit.mount:/dev\` (preinit, step 1): mount /dev: ENODEV (no such filesystem type) in every schedule | ${GENERIC}`]);
    expect(await messages(preinit(['{ listen: { path: /dev/a.sock } }', '{ listen: { path: /dev/a.sock } }']))).toEqual([`\`preinit.listen:/dev/a.sock#2\` (preinit, step 2): listen /dev/a.sock: EADDRINUSE (address in use) in every schedule | ${GENERIC}`]);
    expect(await messages(preinit(['{ open: { path: /dev, write: true } }']))).toEqual([`\`preinit.open:/dev\` (preinit, step 1): open /dev: EISDIR (is a directory) in every schedule | ${GENERIC}`]);
  });

  it('leaves a pivot the kernel refuses to pivot-root-invalid, and missing paths to path-missing', async () => {
    expect(await messages(preinit(['{ pivot-root: { new: /osroot, old: /osroot/mnt } }']))).toEqual([]);
    expect(await messages(preinit(['{ mount: { fs: devfs, at: /nowhere } }']))).toEqual([]);
  });
});
