import { describe, expect, it } from 'vitest';
import { lunaPermissionDenied } from '../../../../compiler/check/rules/permission-denied.js';
import { LUNA_EXAMPLE, LUNA_IMAGES, TO_ROOT } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { checkText } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const CODE = 'permission-denied';
const messages = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);
/** Init on the root partition, after preinit's way there, running `steps` as selene. */
const asSelene = (steps: string[]) => `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${TO_ROOT}  /usr/bin/init:\n    - { setuid: { user: selene } }\n${steps.map((s) => `    - ${s}\n`).join('')}    - { idle: {} }\n`;
const EPERM_HINT = 'do it while the process is still root, or from a process that is';

describe('permission-denied', () => {
  it('reports a connect the user and groups may not make, with a witness that replays', async () => {
    const text = lunaPermissionDenied.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "49:7",
          "code": "permission-denied",
          "hint": "give the process a user or group that may use /tmp/wsys.sock (spawn: { groups: [...] }), or change its owner or mode",
          "message": "\`client.connect:/tmp/wsys.sock\` (client, step 1): /tmp/wsys.sock as selene: EACCES (permission denied) in every schedule",
          "severity": "error",
          "subjects": [
            "client.connect:/tmp/wsys.sock",
          ],
          "witness": {
            "expect": {
              "capability": "EACCES /tmp/wsys.sock",
              "entry": "client.connect:/tmp/wsys.sock",
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
              "preinit.mount:/osroot",
              "preinit.umount:/dev",
              "preinit.pivot-root:/osroot",
              "preinit.umount:/mnt",
              "preinit.mount:/dev#2",
              "preinit.exec:/usr/bin/init",
              "preinit.spawn:server",
              "server.listen:/tmp/wsys.sock",
              "server.idle",
              "preinit.await:listen:/tmp/wsys.sock",
              "preinit.spawn:client",
              "preinit.idle",
              "client.connect:/tmp/wsys.sock",
              "client.idle",
            ],
          },
        },
      ]
    `);
    const { compiled, diagnostics } = await checkText(text);
    expect(witnessProblem(compiled!, diagnostics.find((d) => d.code === CODE)!.witness!)).toBeNull();
  });

  it('lists the groups of a process that has some and still may not', async () => {
    const text = lunaPermissionDenied.example!.failing.replace("mode: '0660'", "mode: '0600'").replace('user: selene }', 'user: selene, groups: [wsys] }');
    expect(await messages(text)).toEqual([
      '`client.connect:/tmp/wsys.sock` (client, step 1): /tmp/wsys.sock as selene (groups wsys): EACCES (permission denied) in every schedule | give the process a user or group that may use /tmp/wsys.sock (spawn: { groups: [...] }), or change its owner or mode',
    ]);
  });

  it('lists every group of the process', async () => {
    const text = lunaPermissionDenied.example!.failing.replace("mode: '0660'", "mode: '0600'").replace('user: selene }', 'user: selene, groups: [wsys, selene] }');
    expect((await findings(text, { code: CODE })).map((f) => f.message)).toEqual([
      '`client.connect:/tmp/wsys.sock` (client, step 1): /tmp/wsys.sock as selene (groups wsys, selene): EACCES (permission denied) in every schedule',
    ]);
  });

  it('names a kernel thread as root', async () => {
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0644' }\nprograms:\n  /bin/preinit:\n    - { idle: {} }\n`;
    expect((await findings(text)).map((f) => `${f.code}: ${f.message}`)).toEqual([
      'permission-denied: `kinit.spawn:preinit` (kinit, step 3): /bin/preinit as root: EACCES (permission denied) in every schedule',
    ]);
  });

  it('reports root running a file whose mode lets nobody run it', async () => {
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/locked: { mode: '0644' }\nprograms:\n  /bin/preinit:\n    - { exec: /bin/locked }\n  /bin/locked:\n    - { idle: {} }\n`;
    expect(await messages(text)).toEqual([
      '`preinit.exec:/bin/locked` (preinit, step 1): /bin/locked as root: EACCES (permission denied) in every schedule | give the process a user or group that may use /bin/locked (spawn: { groups: [...] }), or change its owner or mode',
    ]);
  });

  it('reports what only root may do, done by another user', async () => {
    expect(await messages(asSelene(['{ mount: { fs: tmpfs, at: /tmp } }']))).toEqual([`\`preinit.mount:/tmp\` (preinit, step 9): /tmp as selene: EPERM (operation not permitted) in every schedule | ${EPERM_HINT}`]);
    expect(await messages(asSelene(['{ setuid: { user: root } }']))).toEqual([`\`preinit.setuid:root\` (preinit, step 9): user root as selene: EPERM (operation not permitted) in every schedule | ${EPERM_HINT}`]);
  });

  it('leaves other errnos to other rules', async () => {
    expect(await messages(`${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n    - { mkdir: /dev }\n    - { idle: {} }\n`)).toEqual([]);
  });
});
