import { describe, expect, it } from 'vitest';
import { lunaServiceOrder } from '../../../../compiler/check/rules/service-order.js';
import { findings } from '../../../helpers/findings.js';
import { checkText } from '../../../helpers/plans.js';
import { servicePlan } from './luna-services.js';
import { expectReplays } from './witness-replays.js';

const CODE = 'service-order';
const found = async (text: string) => (await findings(text, { code: CODE })).map((f) => `${f.message} | ${f.hint}`);
const NET = ['{ name: configure, provides: [net] }', '{ exit: 0 }'];

const replays = (text: string): Promise<void> => expectReplays(text, CODE);

describe('service-order', () => {
  it('is the only error of its example: the use it reports is not a use-before-provide too', async () => {
    expect((await findings(lunaServiceOrder.example!.failing)).filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([CODE]);
  });

  it('reports a service that needs one whose file sorts after it, with the rename, and a witness that replays', async () => {
    const text = lunaServiceOrder.example!.failing;
    expect(await findings(text, { code: CODE })).toMatchInlineSnapshot(`
      [
        {
          "at": "29:7",
          "code": "service-order",
          "hint": "rename /etc/init/9-net to 09-net",
          "message": "\`10-login.session\` in service 10-login uses \`net\`, which service 9-net provides, but init starts 10-login first: file names sort as bytes, so "10-login" comes before "9-net"",
          "related": [
            {
              "at": "19:22",
              "message": "/etc/init/9-net: the service that provides it",
            },
          ],
          "severity": "error",
          "subjects": [
            "10-login.session",
            "9-net.configure",
          ],
          "witness": {
            "expect": {
              "capability": "net",
              "entry": "10-login.session",
              "kind": "fault",
            },
            "order": [
              "kernel.init-threading",
              "kernel.spawn:kinit",
              "kinit.mount:/",
              "kinit.scan-disks",
              "kinit.spawn:preinit",
              "preinit.start:10-login",
              "10-login.session",
              "kinit.exit",
              "preinit.start:9-net",
              "10-login.idle",
              "9-net.configure",
              "9-net.exit",
              "preinit.wait:9-net",
              "preinit.supervise",
            ],
          },
        },
      ]
    `);
    await replays(text);
  });

  it('asks for Wait=true too when the provider has none', async () => {
    const text = servicePlan({ '9-net': [[], NET], '10-login': [[], ['{ name: session, uses: [net] }', '{ idle: {} }']] });
    expect(await found(text)).toEqual([
      '`10-login.session` in service 10-login uses `net`, which service 9-net provides, but init starts 10-login first: file names sort as bytes, so "10-login" comes before "9-net" | rename /etc/init/9-net to 09-net and add Wait=true to it',
    ]);
    await replays(text);
  });

  it('is a violation when init waits for the user to finish before it starts the provider, reported once', async () => {
    const text = servicePlan({ '9-net': [['Wait=true'], NET], '10-login': [['Wait=true'], ['{ name: session, uses: [net] }', '{ exit: 0 }']] });
    const { compiled, diagnostics } = await checkText(text);
    const list = diagnostics.filter((d) => d.code === CODE);
    // The plain boot shows it: the witness is the default order.
    expect(list.map((d) => ({ expect: d.witness?.expect, order: [...d.witness!.order] }))).toEqual([{ expect: { kind: 'fault', entry: '10-login.session', capability: 'net' }, order: compiled!.order }]);
    // The use fails in every boot, and it is service-order's to report, once: not also a use-before-provide.
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([CODE]);
    await replays(text);
  });

  it('reports a process the user service starts', async () => {
    const text = servicePlan({ '9-net': [['Wait=true'], NET], '10-login': [[], ['{ spawn: { path: /bin/shell } }', '{ idle: {} }']] }, { '/bin/shell': ['{ name: prompt, uses: [net] }', '{ idle: {} }'] });
    expect((await findings(text, { code: CODE })).map((f) => f.subjects)).toEqual([['10-login/shell.prompt', '9-net.configure']]);
  });

  it('is quiet once the provider sorts first, and on a race between two processes of one service', async () => {
    expect(await found(lunaServiceOrder.example!.fixed)).toEqual([]);
    const text = servicePlan({ '10-login': [[], ['{ spawn: { path: /bin/net } }', '{ name: session, uses: [net] }', '{ idle: {} }']] }, { '/bin/net': NET });
    expect(await found(text)).toEqual([]);
    expect((await findings(text)).map((f) => f.code)).toContain('race');
  });
});
