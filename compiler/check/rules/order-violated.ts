import type { Diagnostic } from '../../types.js';
import { named, place, type Rule } from '../rule.js';
import { providedHere } from '../uses.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const orderViolated: Rule = {
  code: 'order-violated',
  severity: 'error',
  title: 'an explicit after/before cannot hold',
  doc: `An entry says \`after: [A]\` (or A says \`before: [it]\`) but its key puts it earlier than A
in every boot. \`after\`/\`before\` do not move entries — the real tables are sorted by level and
priority only — they state a requirement, and this one is broken.

Fix: change the level or priority of one of the two so the key order agrees.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  a:
    initcalls:
      - { fn: a_init, level: sys, prio: 0 }
  b:
    initcalls:
      - { fn: b_init, level: lib, prio: 0, after: [a.a_init] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  a:
    initcalls:
      - { fn: a_init, level: sys, prio: 0 }
  b:
    initcalls:
      - { fn: b_init, level: late, prio: 0, after: [a.a_init] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const edge of ctx.doubtful) {
      if (edge.status !== 'violation' || (edge.reason.kind !== 'after' && edge.reason.kind !== 'before')) continue;
      const a = ctx.graph.byId.get(edge.from)!;
      const b = ctx.graph.byId.get(edge.to)!;
      const stated = edge.reason.kind === 'after' ? b : a;
      out.push({
        code: this.code,
        severity: 'error',
        message: `${named(b)} (${place(b)}) must run after ${named(a)} (${place(a)}), as \`${edge.reason.kind}\` on ${stated.id} says, but it runs first in every boot`,
        source: { file: stated.entry!.source.file, path: [...stated.entry!.source.path, edge.reason.kind] },
        related: providedHere(stated === b ? a : b, 'the other entry'),
        hint: `move ${b.id} after ${place(a)}, or ${a.id} before ${place(b)}`,
        witness: defaultWitness(ctx, { kind: 'order', entry: b.id, first: a.id }),
        subjects: [b.id, a.id],
      });
    }
    return out;
  },
};
