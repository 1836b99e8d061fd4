import type { Diagnostic } from '../../types.js';
import type { GraphNode } from '../../graph.js';
import { named, place, type CheckContext, type Rule } from '../rule.js';
import { providedHere } from '../uses.js';
import { isServiceOrderEdge } from '../../luna/service-order.js';
import { swapWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/** What to write so that `a` runs strictly before `b`: a priority that stays in range, else a level. */
function untie(ctx: CheckContext, a: GraphNode, b: GraphNode): string {
  const ea = a.entry!;
  const eb = b.entry!;
  const range = ctx.compiled.profile.tables.find((t) => t.name === eb.table)?.prio;
  if (!range) return `order ${a.id} before ${b.id} by giving ${a.id} an earlier level`;
  if (eb.prio < range.max) return `write \`prio: after(${a.id})\` on ${b.id} (priority ${eb.prio + 1})`;
  if (ea.prio > range.min) return `write \`prio: before(${b.id})\` on ${a.id} (priority ${ea.prio - 1})`;
  return `move ${a.id} to an earlier level, or ${b.id} to a later one: there is no priority between them`;
}

export const race: Rule = {
  code: 'race',
  severity: 'error',
  title: 'two dependent entries share a key, so the link order decides',
  doc: `Entry B needs entry A first (B uses what A provides, names it in \`after\`, or its term
function needs it at teardown), and both sit at the same key: same table, same level, same
priority. Inside one key the real image runs entries in link order, which the build decides and
the plan cannot see (for Unikraft: the order of object files on the link line). The boot works in
some link orders and breaks in others; the witness is a link order that breaks it.

Fix: give the provider a strictly smaller priority or level than its user (for Unikraft,
\`prio: after(LIB.FN)\` writes UK_PRIO_AFTER).`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab] }
  posix-socket:
    initcalls:
      - { fn: init_sockets, level: lib, prio: 0, uses: [fdtab] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab] }
  posix-socket:
    initcalls:
      - { fn: init_sockets, level: lib, prio: 'after(posix-fdtab.init_posix_fdtab)', uses: [fdtab] }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const edge of ctx.doubtful) {
      if (edge.status !== 'race' || isServiceOrderEdge(ctx.compiled, ctx.graph, edge)) continue;
      const a = ctx.graph.byId.get(edge.from)!;
      const b = ctx.graph.byId.get(edge.to)!;
      const r = edge.reason;
      if (r.kind === 'uses' || r.kind === 'term-uses') {
        // The capability has providers: a use edge comes from one.
        const tied = ctx.graph.providers.get(r.capability)!.filter((p) => p.key === b.key && p !== b && (r.kind === 'uses' || p.entry?.term));
        if (!tied.includes(a)) tied.push(a);
        const term = r.kind === 'term-uses';
        if (b.entry!.luna) {
          out.push({
            code: this.code,
            severity: 'error',
            message: `${named(b)} (${place(b)}) uses \`${r.capability}\`, which ${named(a)} (${place(a)}) provides, but nothing orders the two: a schedule that runs ${b.id} first faults`,
            source: b.entry!.source,
            related: providedHere(a),
            hint: `add \`{ await: '${r.capability}' }\` as a step before it in ${b.entry!.luna.lane} (it then waits for ${a.id}), or start ${b.entry!.luna.lane} only after ${a.id}`,
            witness: swapWitness(ctx, b.id, [a.id], { kind: 'fault', entry: b.id, capability: r.capability }),
            subjects: [b.id, a.id],
          });
          continue;
        }
        out.push({
          code: this.code,
          severity: 'error',
          message: term
            ? `the term function of ${named(b)} uses \`${r.capability}\`, which the term of ${named(a)} withdraws; both are at ${place(b)}, so the link order decides which term runs first`
            : `${named(b)} uses \`${r.capability}\`, provided by ${named(a)} at the same key (${place(b)}): it works only if the link order puts ${a.id} first`,
          source: b.entry!.source,
          related: providedHere(a),
          hint: untie(ctx, a, b),
          witness: swapWitness(ctx, b.id, tied.map((p) => p.id), { kind: term ? 'term' : 'fault', entry: b.id, capability: r.capability }),
          subjects: [b.id, a.id],
        });
      } else {
        out.push({
          code: this.code,
          severity: 'error',
          message: `${named(b)} must run after ${named(a)} (${r.kind === 'after' ? `\`after\` on ${b.id}` : `\`before\` on ${a.id}`}), but both are at ${place(b)}: the link order decides`,
          source: (r.kind === 'after' ? b : a).entry!.source,
          related: providedHere(r.kind === 'after' ? a : b, 'the other entry'),
          hint: untie(ctx, a, b),
          witness: swapWitness(ctx, b.id, [a.id], { kind: 'order', entry: b.id, first: a.id }),
          subjects: [b.id, a.id],
        });
      }
    }
    return out;
  },
};
