import type { Rule } from '../rule.js';
import { useViolation, violatedUses } from '../uses.js';
import { named, place } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const useBeforeProvide: Rule = {
  code: 'use-before-provide',
  severity: 'error',
  title: 'an entry uses a capability that is provided only after it runs',
  doc: `An entry uses a capability (\`uses:\`, or an effect's contract) and every provider of it runs
later in the boot: its key — (phase, level, priority) — is greater. The real image sorts its tables
by that key, so this fails in every possible boot, not just in some link orders. The emulated
machine faults at the entry with the capability named.

Fix: move the provider to an earlier level or priority, or the user to a later one. Sharper forms
have their own codes: pre-init-use (a constructor or PRE_KERNEL entry using the heap, the scheduler,
IRQs) and mount-before-mounted (a path used before its filesystem is mounted).`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  netstack:
    initcalls:
      - { fn: net_init, level: lib, prio: 0, uses: [netdev-ready] }
  drivers:
    initcalls:
      - { fn: nic_probe, level: lib, prio: 5, provides: [netdev-ready] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  netstack:
    initcalls:
      - { fn: net_init, level: lib, prio: 9, uses: [netdev-ready] }
  drivers:
    initcalls:
      - { fn: nic_probe, level: lib, prio: 5, provides: [netdev-ready] }
`,
  },
  check(ctx) {
    const selfUses = ctx.doubtful
      .filter((e) => e.from === e.to && e.reason.kind === 'uses' && !e.reason.capability.startsWith('mount:'))
      .map((e) => {
        const node = ctx.graph.byId.get(e.to)!;
        const cap = (e.reason as { capability: string }).capability;
        return {
          code: this.code,
          severity: 'error' as const,
          message: `${named(node)} uses \`${cap}\`, which only it provides: it does not exist yet when the entry runs`,
          source: node.entry!.source,
          hint: `provide \`${cap}\` from an earlier entry, or drop the use`,
          witness: defaultWitness(ctx, { kind: 'fault', entry: node.id, capability: cap }),
          subjects: [node.id],
        };
      });
    return [...selfUses, ...violatedUses(ctx)
      .filter((v) => v.cls === 'general')
      .map((v) => useViolation(ctx, this.code, v, {
        hint: v.from.entry
          ? `move ${v.from.id} before ${place(v.to)}, or ${v.to.id} after ${place(v.from)}`
          : `move ${v.to.id} after ${place(v.from)}`,
      }))];
  },
};
