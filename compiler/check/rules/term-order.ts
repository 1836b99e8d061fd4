import type { Diagnostic } from '../../types.js';
import { named, place, type Rule } from '../rule.js';
import { providedHere } from '../uses.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const termOrder: Rule = {
  code: 'term-order',
  severity: 'error',
  title: 'a term function needs something whose provider was already torn down',
  doc: `Term functions run at shutdown in reverse order of the init table. A term function that
still needs a capability (\`term: {fn, uses}\`) must therefore sit later in the table than the
provider whose own term withdraws it. Unikraft's posix-fdtab registered its cleanup as the term of
its LIB 0 init, so it ran after vfscore's ROOTFS 4 term had unmounted the root and closed files
under it; the fix was a separate term-only entry at ROOTFS 9 (unikraft#1210).

Fix: register the term function later in the table (a term-only entry: \`{ term: fn, level, prio }\`).`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, term: { fn: term_posix_fdtab, uses: ['mount:/'] } }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0 }
      - { term: term_posix_fdtab, level: rootfs, prio: 9, uses: ['mount:/'] }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    // A term that unmounts two ancestors of the folder gives one edge per ancestor: one finding.
    const said = new Set<string>();
    for (const edge of ctx.doubtful) {
      if (edge.reason.kind !== 'term-uses' || edge.status !== 'violation') continue;
      const pair = `${edge.from}\0${edge.to}\0${edge.reason.capability}`;
      if (said.has(pair)) continue;
      said.add(pair);
      const provider = ctx.graph.byId.get(edge.from)!;
      const user = ctx.graph.byId.get(edge.to)!;
      const term = user.entry!.term!;
      out.push({
        code: this.code,
        severity: 'error',
        message: `term function \`${term.fn}\` of ${named(user)} (${place(user)}) uses \`${edge.reason.capability}\` at teardown, but the term \`${provider.entry!.term!.fn}\` of ${named(provider)} (${place(provider)}) withdraws it first${provider.entry!.provides.includes(edge.reason.capability) ? '' : ` (it unmounts ${provider.entry!.provides.filter((c) => c.startsWith('mount:')).map((c) => c.slice(6)).join(', ')} and everything beneath)`}: terms run in reverse table order`,
        source: term.source,
        related: providedHere(provider, 'its term runs first'),
        hint: `register ${term.fn} as a term-only entry after ${place(provider)} (e.g. \`{ term: ${term.fn}, ${provider.entry!.level === null ? '' : `level: ${provider.entry!.level}, `}prio: 9 }\`)`,
        witness: defaultWitness(ctx, { kind: 'term', entry: user.id, capability: edge.reason.capability }),
        subjects: [user.id, provider.id],
      });
    }
    return out;
  },
};
