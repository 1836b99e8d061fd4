import type { Diagnostic } from '../../types.js';
import { named, type Rule } from '../rule.js';
import { providedHere } from '../uses.js';

export const linkOrderDependency: Rule = {
  code: 'link-order-dependency',
  severity: 'warning',
  title: 'a dependency inside one level holds only by link order',
  doc: `In Linux, initcalls of one level run in link order — the order of the Makefiles and of
objects inside them. That order is deterministic and real code relies on it, so bootplan does not
call it a race; but it is fragile: moving a file or a Makefile line silently reorders the two
(the reason Alexander Holler proposed dependency-based initcalls). This warning names the exact
pair that depends on it. If the link order is the other way round, it is an error
(use-before-provide or order-violated) instead.

Fix: nothing, if the link order is intended; otherwise move the provider to an earlier level.`,
  example: {
    failing: `bootplan: 1
name: example
profile: linux@6.1
libraries:
  crypto:
    initcalls:
      - { fn: crypto_algapi_init, level: subsys, provides: [crypto-api] }
  net:
    initcalls:
      - { fn: net_crypto_init, level: subsys, uses: [crypto-api] }
`,
    fixed: `bootplan: 1
name: example
profile: linux@6.1
libraries:
  crypto:
    initcalls:
      - { fn: crypto_algapi_init, level: arch, provides: [crypto-api] }
  net:
    initcalls:
      - { fn: net_crypto_init, level: subsys, uses: [crypto-api] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const edge of ctx.doubtful) {
      if (edge.status !== 'link-order') continue;
      const a = ctx.graph.byId.get(edge.from)!;
      const b = ctx.graph.byId.get(edge.to)!;
      const why = edge.reason.kind === 'uses' || edge.reason.kind === 'term-uses' ? `uses \`${edge.reason.capability}\` from` : 'must run after';
      out.push({
        code: this.code,
        severity: 'warning',
        message: `${named(b)} ${why} ${named(a)} in the same level (${b.entry!.level}): holds by link order (${a.id} is linked first)`,
        source: b.entry!.source,
        related: providedHere(a, 'linked first'),
        hint: `move ${a.id} to an earlier level to stop relying on link order`,
        subjects: [b.id, a.id],
        ...(edge.reason.kind === 'uses' || edge.reason.kind === 'term-uses' ? { capability: edge.reason.capability } : {}),
      });
    }
    return out;
  },
};
