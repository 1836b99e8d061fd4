import type { Diagnostic } from '../../types.js';
import type { Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const nothingProven: Rule = {
  code: 'nothing-proven',
  severity: 'warning',
  title: 'a plan with entries but no requirement between them: nothing was proven',
  doc: `The checker proves requirements: "A must run before B" because B uses what A provides, B
names A in \`after\` (or A names B in \`before\`), an effect's contract needs what another entry
makes, or a term function needs something at teardown. A plan whose entries state none of these
between each other — an import that read only the registrations, with no \`uses\`, \`provides\`
or \`effects\` — leaves nothing to prove, and "no problems found" would read as a proof of the
boot order when no order was checked at all. This warning says so, with the counts.

What counts: an edge of the graph between two entries of the plan. Uses of what a core step
provides (\`alloc\`, \`sched\`, \`irq\` after their core steps) are not counted: they hold by the
profile's fixed order alone, whatever the entries do (a constructor using them is reported by
pre-init-use regardless). The warning is left out when the checker has already reported an error
or a warning about the plan. \`--strict\` fails it.

Fix: say what the entries use and provide — \`bootplan import unikraft --src DIR\` infers it from
the code with evidence — and add what inference cannot see in an overlay (\`extends\` + \`overlay\`,
language 1.1).`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4 }
  posix-tty:
    initcalls:
      - { fn: init_posix_tty, level: rootfs, prio: 9 }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { dev: none, at: /, fs: ramfs } }] }
  posix-tty:
    initcalls:
      - { fn: init_posix_tty, level: rootfs, prio: 9, uses: ['mount:/'] }
`,
  },
  check(ctx) {
    const entries = ctx.compiled.entries.length;
    if (entries === 0 || ctx.reported) return [];
    let requirements = 0;
    let core = 0;
    const table = ctx.graph.edgeTable;
    // The key model's table: an edge's node by position, without making the edge objects.
    const count = table ? table.count : ctx.compiled.edges.length;
    for (let i = 0; i < count; i++) {
      const from = table ? ctx.graph.nodes[table.from(i)] : ctx.graph.byId.get(ctx.compiled.edges[i]!.from);
      if (from?.step) core++;
      else requirements++;
      // One requirement is enough to say nothing (the count of core uses is only printed without one).
      if (requirements > 0) return [];
    }
    if (ctx.graph.unprovided.length > 0) return [];
    const coreNote = core > 0 ? ` (${core} ${core === 1 ? 'use' : 'uses'} of what the boot core provides ${core === 1 ? 'holds' : 'hold'} by the profile's order alone)` : '';
    const out: Diagnostic = {
      code: this.code,
      severity: 'warning',
      message: `${entries} ${entries === 1 ? 'entry' : 'entries'}, 0 requirements between them: nothing was proven${coreNote}`,
      source: { file: ctx.compiled.plan.source.file, path: ['libraries'] },
      hint: 'state what entries use and provide: `bootplan import unikraft --src DIR` infers it from the code (with evidence), and an overlay (`extends` + `overlay`, language 1.1) adds what inference cannot see',
    };
    return [out];
  },
};
