import { describe, expect, it } from 'vitest';
import { lunaServiceRestartLoop } from '../../../../compiler/check/rules/service-restart-loop.js';
import { findings } from '../../../helpers/findings.js';
import { checkText } from '../../../helpers/plans.js';
import { run } from '../../../../runtime/index.js';
import { servicePlan } from './luna-services.js';
import { expectReplays } from './witness-replays.js';

const CODE = 'service-restart-loop';
const found = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);
const RESTART = ['Restart=true', 'User=selene'];

const replays = (text: string): Promise<void> => expectReplays(text, CODE);

describe('service-restart-loop', () => {
  it('reports a service that exits every time, with a witness that replays', async () => {
    const text = lunaServiceRestartLoop.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "24:7",
          "code": "service-restart-loop",
          "hint": "end /bin/clock with \`{ idle: {} }\` if it is a daemon, or drop Restart=true from 50-clock",
          "message": "service /etc/init/50-clock has Restart=true but exits every time it starts: init restarts it forever (the machine gives up after 3 restarts)",
          "related": [
            {
              "at": "18:25",
              "message": "/etc/init/50-clock: Restart=true",
            },
          ],
          "severity": "error",
          "subjects": [
            "50-clock.tick",
          ],
          "witness": {
            "expect": {
              "capability": "restart:50-clock",
              "entry": "50-clock.tick",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "kinit.exit",
              "preinit.start:50-clock",
              "preinit.supervise",
              "50-clock.tick",
              "50-clock.exit",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('says a daemon whose step always fails fails, and points at that step', async () => {
    const text = servicePlan({ '50-clock': [RESTART, ['{ mount: { fs: tmpfs, at: /dev } }', '{ idle: {} }']] });
    expect(await found(text)).toEqual([
      'service /etc/init/50-clock has Restart=true but fails every time it starts: init restarts it forever (the machine gives up after 3 restarts) | fix the step that fails (its own error is reported too)',
    ]);
    // The step's own fault comes first (permission-denied's witness names it); the boot that
    // witness orders goes on restarting the service until the machine gives up on it.
    const { compiled, diagnostics } = await checkText(text);
    const witness = diagnostics.find((d) => d.code === CODE)!.witness!;
    expect(witness.expect).toEqual({ kind: 'fault', entry: '50-clock.mount:/dev', capability: 'restart:50-clock' });
    const faults = run(compiled!, { linkOrder: { kind: 'witness', witness } }).events.filter((e) => e.ev === 'fault').map((e) => `${e.id} ${e.capability}`);
    expect(faults.at(-1)).toBe('50-clock.mount:/dev restart:50-clock');
  });

  it('says fails rather than exits for a program that would exit after a step that fails', async () => {
    const text = servicePlan({ '50-clock': [RESTART, ['{ mount: { fs: tmpfs, at: /dev } }', '{ exit: 1 }']] });
    expect(await found(text)).toEqual([
      'service /etc/init/50-clock has Restart=true but fails every time it starts: init restarts it forever (the machine gives up after 3 restarts) | fix the step that fails (its own error is reported too)',
    ]);
  });

  it('is quiet on a daemon, a service without Restart=true, a program with no steps', async () => {
    expect(await found(servicePlan({ '50-clock': [RESTART, ['{ name: tick }', '{ idle: {} }']] }))).toEqual([]);
    expect(await found(servicePlan({ '50-clock': [['User=selene'], ['{ name: tick }', '{ exit: 0 }']] }))).toEqual([]);
    expect(await found(servicePlan({ '50-clock': [RESTART, []] }))).toEqual([]);
  });

  it('is quiet on a service whose process it starts fails, the service itself staying', async () => {
    expect(await found(servicePlan({ '50-clock': [['Restart=true'], ['{ spawn: { path: /bin/child } }', '{ idle: {} }']] }, { '/bin/child': ['{ mount: { fs: zfs, at: /dev } }', '{ exit: 0 }'] }))).toEqual([]);
  });
});
