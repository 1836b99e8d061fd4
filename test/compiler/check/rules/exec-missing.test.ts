import { describe, expect, it } from 'vitest';
import { lunaExecMissing } from '../../../../compiler/check/rules/exec-missing.js';
import { LUNA_EXAMPLE, LUNA_IMAGES } from '../../../../compiler/check/rules/examples.js';
import { findings } from '../../../helpers/findings.js';
import { expectReplays } from './witness-replays.js';

const CODE = 'exec-missing';
const preinit = (steps: string[], programs = '') => `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:\n  /bin/preinit:\n${steps.map((s) => `    - ${s}\n`).join('')}${programs}`;
const messages = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);

const replays = (text: string): Promise<void> => expectReplays(text, CODE);

describe('exec-missing', () => {
  it('reports an exec of a program the root does not hold yet, with a witness that replays', async () => {
    const text = lunaExecMissing.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "33:7",
          "code": "exec-missing",
          "hint": "run it after the step that mounts or pivots the filesystem holding /usr/bin/init into place",
          "message": "\`preinit.exec:/usr/bin/init\` (preinit, step 1): runs /usr/bin/init, which is not in its root then: ENOENT (no such file or directory) in every schedule",
          "severity": "error",
          "subjects": [
            "preinit.exec:/usr/bin/init",
          ],
          "witness": {
            "expect": {
              "capability": "ENOENT /usr/bin/init",
              "entry": "preinit.exec:/usr/bin/init",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "kinit.exit",
              "preinit.exec:/usr/bin/init",
              "preinit.idle",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('reports a spawn of a missing program', async () => {
    expect(await messages(preinit(['{ spawn: { path: /usr/bin/init } }', '{ idle: {} }'], '  /usr/bin/init:\n    - { idle: {} }\n'))).toEqual([
      '`preinit.spawn:init` (preinit, step 1): runs /usr/bin/init, which is not in its root then: ENOENT (no such file or directory) in every schedule | run it after the step that mounts or pivots the filesystem holding /usr/bin/init into place',
    ]);
  });

  it('reports a program under a file (ENOTDIR)', async () => {
    expect(await messages(preinit(['{ exec: /bin/preinit/x }'], '  /bin/preinit/x:\n    - { idle: {} }\n'))).toEqual([
      '`preinit.exec:/bin/preinit/x` (preinit, step 1): runs /bin/preinit/x, which is not in its root then: ENOTDIR (not a directory) in every schedule | run it after the step that mounts or pivots the filesystem holding /bin/preinit/x into place',
    ]);
  });

  it('leaves other steps and other errnos to other rules', async () => {
    expect(await messages(preinit(['{ open: /nowhere }', '{ idle: {} }']))).toEqual([]);
    // A program its mode does not let the process run is permission-denied.
    const text = `${LUNA_EXAMPLE}ramdisk:\n  files:\n    /bin/preinit: { mode: '0755' }\n    /bin/locked: { mode: '0644' }\nprograms:\n  /bin/preinit:\n    - { exec: /bin/locked }\n  /bin/locked:\n    - { idle: {} }\n`;
    expect(await messages(text)).toEqual([]);
    expect((await findings(text)).map((f) => f.code)).toContain('permission-denied');
  });
});
