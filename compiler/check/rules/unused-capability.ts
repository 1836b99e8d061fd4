import type { Diagnostic } from '../../types.js';
import { opContract } from '../../luna/unfold.js';
import type { Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const unusedCapability: Rule = {
  code: 'unused-capability',
  severity: 'warning',
  title: 'an entry provides a capability nothing uses',
  doc: `An entry declares \`provides: [X]\` and no entry, term function or effect uses X. Often a
misspelling on one side (the user then fails with capability-never-provided), or a dependency
that was never written down: if something really needs X, say so with \`uses\`, or the checker
cannot protect that order. Capabilities that effects provide by contract (devices, mounts) are
not reported.

Fix: add the missing \`uses\`, or drop the \`provides\`.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  lwip:
    initcalls:
      - { fn: liblwip_init, level: lib, prio: 9, provides: [netstack] }
  app:
    main: {}
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  lwip:
    initcalls:
      - { fn: liblwip_init, level: lib, prio: 9, provides: [netstack] }
  app:
    main: { uses: [netstack] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const e of ctx.compiled.entries) {
      for (const c of e.provides) {
        if (ctx.graph.isUsed(c)) continue;
        if (e.effects.some((f) => f.provides.includes(c))) continue;
        if (e.luna && opContract(e.luna.op, ctx.compiled.luna?.disks ?? []).provides.includes(c)) continue;
        out.push({
          code: this.code,
          severity: 'warning',
          message: `\`${e.id}\` provides \`${c}\`, which nothing uses`,
          source: { file: e.source.file, path: [...e.source.path, 'provides'] },
          hint: `add \`uses: [${c}]\` where it is needed, or remove it`,
          subjects: [e.id],
        });
      }
    }
    return out;
  },
};
