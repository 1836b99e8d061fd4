/** The thread model's state findings as diagnostics (compiler/check/luna.ts): when they fail, and the schedule that shows it. */
import { describe, expect, it } from 'vitest';
import { LUNA_EXAMPLE, LUNA_IMAGES, TO_ROOT } from '../../../compiler/check/rules/examples.js';
import { check, compile, loadPlanText } from '../../../compiler/index.js';
import { replayWitness } from '../../../runtime/index.js';
import { findings } from '../../helpers/findings.js';

const BOOT = ['kernel.init-threading', 'kernel.spawn:kinit', 'kinit.mount:/', 'kinit.scan-disks', 'kinit.spawn:preinit', 'preinit.mount:/dev', 'preinit.mount:/osroot', 'preinit.umount:/dev', 'preinit.pivot-root:/osroot', 'preinit.umount:/mnt', 'preinit.mount:/dev#2', 'preinit.exec:/usr/bin/init', 'preinit.spawn:server'];

/** init starts a server that listens on /tmp/wsys.sock and a client (selene, group wsys) that connects to it. */
const plan = (initSteps: string) => `${LUNA_EXAMPLE}${LUNA_IMAGES}programs:
  /bin/preinit:
${TO_ROOT}  /usr/bin/init:
    - { spawn: { path: /usr/bin/init, args: [server], name: server } }
${initSteps}    - { idle: {} }
  /usr/bin/init server:
    - { listen: { path: /tmp/wsys.sock, group: wsys, mode: '0660' } }
    - { idle: {} }
  /usr/bin/init client:
    - { connect: /tmp/wsys.sock }
    - { idle: {} }
`;
const CLIENT = "    - { spawn: { path: /usr/bin/init, args: [client], name: client, user: selene, groups: [wsys] } }\n";

/** The findings of `code`; each witness replays on the machine. */
async function replayed(text: string, code: string) {
  const compiled = compile(loadPlanText('/virtual/plan.yaml', text)).compiled!;
  for (const d of check(compiled).filter((x) => x.code === code)) expect(replayWitness(compiled, d.witness!).matched, d.message).toBe(true);
  return findings(text, { code, hostFiles: {} });
}

describe('findingDiagnostic', () => {
  it('a step that fails unless a step it is not ordered after ran first: the schedule runs it before them', async () => {
    expect(await replayed(plan(CLIENT), 'path-missing')).toEqual([{
      code: 'path-missing',
      severity: 'error',
      at: '48:7',
      message: '`client.connect:/tmp/wsys.sock` (client, step 1): needs /tmp/wsys.sock: ENOENT (no such file or directory) in a schedule that runs it before the steps it needs',
      hint: 'order it after the step that makes /tmp/wsys.sock exist (a mount, mkdir or listen), or before the one that takes it away',
      subjects: ['client.connect:/tmp/wsys.sock'],
      witness: {
        order: [...BOOT, 'preinit.spawn:client', 'client.connect:/tmp/wsys.sock', 'kinit.exit', 'preinit.idle', 'server.listen:/tmp/wsys.sock', 'server.idle', 'client.idle'],
        expect: { kind: 'fault', entry: 'client.connect:/tmp/wsys.sock', capability: 'ENOENT /tmp/wsys.sock' },
      },
    }]);
  });

  it('a step that fails when a concurrent step runs first: that step is named, and the schedule runs it first', async () => {
    const steps = `    - { await: 'listen:/tmp/wsys.sock' }\n${CLIENT}    - { chmod: { path: /tmp/wsys.sock, mode: '0600' } }\n`;
    expect(await replayed(plan(steps), 'permission-denied')).toEqual([{
      code: 'permission-denied',
      severity: 'error',
      at: '50:7',
      message: '`client.connect:/tmp/wsys.sock` (client, step 1): /tmp/wsys.sock as selene (groups wsys): EACCES (permission denied) in a schedule that runs preinit.chmod:/tmp/wsys.sock (preinit, step 11) first',
      hint: 'give the process a user or group that may use /tmp/wsys.sock (spawn: { groups: [...] }), or change its owner or mode',
      related: [{ at: '44:7', message: 'preinit.chmod:/tmp/wsys.sock: the step that makes the difference' }],
      subjects: ['client.connect:/tmp/wsys.sock', 'preinit.chmod:/tmp/wsys.sock'],
      witness: {
        order: [...BOOT, 'server.listen:/tmp/wsys.sock', 'preinit.await:listen:/tmp/wsys.sock', 'preinit.spawn:client', 'preinit.chmod:/tmp/wsys.sock', 'client.connect:/tmp/wsys.sock', 'kinit.exit', 'server.idle', 'preinit.idle', 'client.idle'],
        expect: { kind: 'fault', entry: 'client.connect:/tmp/wsys.sock', capability: 'EACCES /tmp/wsys.sock' },
      },
    }]);
  });
});
