import type { Diagnostic, Entry } from '../../types.js';
import { opContract } from '../../luna/unfold.js';
import type { CheckContext, Rule } from '../rule.js';
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
    const report = (e: Entry, c: string) => {
      if (e.effects.some((f) => f.provides.includes(c))) return;
      if (e.luna && opContract(e.luna.op, ctx.compiled.luna?.disks ?? []).provides.includes(c)) return;
      out.push({
        code: this.code,
        severity: 'warning',
        message: `\`${e.id}\` provides \`${c}\`, which nothing uses`,
        source: { file: e.source.file, path: [...e.source.path, 'provides'] },
        hint: `add \`uses: [${c}]\` where it is needed, or remove it`,
        subjects: [e.id],
      });
    };
    if (!eachUnused(ctx, report)) {
      for (const e of ctx.compiled.entries) for (const c of e.provides) if (!ctx.graph.isUsed(c)) report(e, c);
    }
    return out;
  },
};

/**
 * Each entry's provides that nothing uses, in entry order, read from the graph's integer table
 * (an entry is touched only when one of its provides is unused). False when the graph has no
 * table for these entries.
 */
function eachUnused(ctx: CheckContext, found: (e: Entry, capability: string) => void): boolean {
  const capabilities = ctx.graph.capabilities;
  const entries = ctx.compiled.entries;
  if (!capabilities || capabilities.entries !== entries) return false;
  const { start, caps, used } = capabilities.table;
  for (let j = 0, slot = 3 * capabilities.stepCount; j < entries.length; j++, slot += 3) {
    const first = start[slot]!;
    for (let k = first, end = start[slot + 1]!; k < end; k++) {
      if (used[caps[k]!] === 1) continue;
      const e = entries[j]!;
      found(e, e.provides[k - first]!);
    }
  }
  return true;
}
