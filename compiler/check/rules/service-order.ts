import { serviceOrderPairs } from '../../luna/service-order.js';
import type { Diagnostic } from '../../types.js';
import { named, type Rule } from '../rule.js';
import { defaultWitness, scheduleWitness } from '../witness.js';
import { LUNA_EXAMPLE } from './examples.js';

const example = (net: string) => `${LUNA_EXAMPLE}ramdisk:
  files:
    /bin/preinit: { mode: '0755' }
    /bin/net: { mode: '0755' }
    /bin/login: { mode: '0755' }
    /etc/init/${net}: "Command=/bin/net\\nWait=true\\n"
    /etc/init/10-login: "Command=/bin/login\\n"
programs:
  /bin/preinit:
    - { services: /etc/init }
    - { supervise: {} }
  /bin/net:
    - { name: configure, provides: [net] }
    - { exit: 0 }
  /bin/login:
    - { name: session, uses: [net] }
    - { idle: {} }
`;

export const lunaServiceOrder: Rule = {
  code: 'service-order',
  severity: 'error',
  title: 'a service needs one whose file name sorts after it',
  doc: `init starts the services of /etc/init in file-name order, and file names sort as bytes:
\`10-login\` comes before \`9-net\`, because "1" sorts before "9". A service that needs what
another provides must come after it in that order — and, unless it awaits it, the provider must be
a \`Wait=true\` service that init waits for before starting the next. The finding replaces the
race or the violation the same pair would otherwise get, and names the rename that fixes it.

Fix: rename the provider's file so it sorts first (\`09-net\`), with \`Wait=true\` in it.`,
  example: { failing: example('9-net'), fixed: example('09-net') },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const p of serviceOrderPairs(ctx.compiled, ctx.graph)) {
      const user = ctx.graph.byId.get(p.edge.to)!;
      const cap = p.edge.reason.kind === 'uses' ? p.edge.reason.capability : '';
      out.push({
        code: this.code,
        severity: 'error',
        message: `${named(user)} in service ${p.user.file} uses \`${cap}\`, which service ${p.provider.file} provides, but init starts ${p.user.file} first: file names sort as bytes, so "${p.user.file}" comes before "${p.provider.file}"`,
        source: user.entry!.source,
        related: [{ message: `${p.provider.dir}/${p.provider.file}: the service that provides it`, source: p.provider.fileSource }],
        hint: `rename ${p.provider.dir}/${p.provider.file} to ${p.rename}${p.provider.wait ? '' : ' and add Wait=true to it'}`,
        witness: p.edge.status === 'violation' ? defaultWitness(ctx, { kind: 'fault', entry: user.id, capability: cap }) : scheduleWitness(ctx, user.id, { kind: 'fault', entry: user.id, capability: cap }),
        subjects: [user.id, p.edge.from],
      });
    }
    return out;
  },
};
