import { entryHeap } from '../../heap.js';
import { formatSize } from '../../units.js';
import type { Rule } from '../rule.js';
import { defaultWitness, scheduleWitness } from '../witness.js';
import { memoryFinding, OOM_FAULT } from '../../luna/memory.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const outOfMemory: Rule = {
  code: 'out-of-memory',
  severity: 'error',
  title: 'the entries allocate more heap than the machine has',
  doc: `The heap is bounded by the plan's \`memory\`. Adding up what the entries allocate (\`alloc:\`
and \`alloc\` effects, each rounded up to 16 bytes as the allocator does) in boot order, from the
point the heap exists, the entry named is the one whose allocation no longer fits:
it gets -ENOMEM, and in Unikraft an initcall that returns it stops the boot. In the thread model
(Luna) a step's \`alloc\` is memory it takes and keeps: a violation when what happens before it
already fills \`memory\`, a race when only a schedule that runs concurrent steps first does (the
witness is that schedule); the machine's [oom] thread logs at 1/4 and 1/8 left.

Fix: raise \`memory\`, or allocate less.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}memory: 1Mi
libraries:
  cache:
    initcalls:
      - { fn: cache_init, level: lib, prio: 0, alloc: 2Mi }
`,
    fixed: `${UNIKRAFT_EXAMPLE}memory: 4Mi
libraries:
  cache:
    initcalls:
      - { fn: cache_init, level: lib, prio: 0, alloc: 2Mi }
`,
  },
  check(ctx) {
    const { memory } = ctx.compiled.plan;
    if (ctx.compiled.luna && ctx.graph.hb) {
      const f = memoryFinding(ctx.compiled, ctx.graph);
      if (!f) return [];
      const expect = { kind: 'fault' as const, entry: f.entry.id, capability: OOM_FAULT };
      return [{
        code: this.code,
        severity: 'error',
        message: `\`${f.entry.id}\` takes ${formatSize(f.entry.alloc)}, bringing the memory taken to ${formatSize(f.total)} of ${formatSize(memory)}${f.status === 'race' ? ` in a schedule that runs ${f.first.join(', ')} first` : ' in every schedule'}: it gets ENOMEM`,
        source: f.entry.source,
        hint: f.status === 'race' ? `raise memory to at least ${formatSize(f.total)}, or order the steps so that they do not all hold memory at once` : `raise memory to at least ${formatSize(f.total)}`,
        witness: f.status === 'race' ? scheduleWitness(ctx, f.entry.id, expect, f.first) : defaultWitness(ctx, expect),
        subjects: [f.entry.id, ...f.first],
      }];
    }
    // An entry that runs before the heap exists takes none of it: it faults (pre-init-use), and
    // a replay that keeps going records the fault and allocates nothing.
    const heapFrom = (ctx.compiled.profile.initial ?? []).includes('alloc')
      ? -1
      : Math.min(Infinity, ...(ctx.graph.providers.get('alloc') ?? []).map((p) => p.pos));
    const takes = (id: string) => (ctx.position.get(id) ?? -1) > heapFrom;
    let total = 0;
    for (const e of ctx.notable.alloc) total += e.alloc === 0 || !takes(e.id) ? 0 : entryHeap(e);
    if (total <= memory) return [];
    total = 0;
    for (const id of ctx.compiled.order) {
      const e = ctx.graph.byId.get(id)?.entry;
      if (!e || e.alloc === 0 || !takes(id)) continue;
      total += entryHeap(e);
      if (total > memory) {
        return [{
          code: this.code,
          severity: 'error',
          message: `\`${e.id}\` allocates ${formatSize(e.alloc)}, bringing the heap to ${formatSize(total)} of ${formatSize(memory)}: it gets -ENOMEM`,
          source: e.source,
          hint: `raise memory to at least ${formatSize(total)}`,
          witness: defaultWitness(ctx, { kind: 'return', entry: e.id, rc: -12 }),
          subjects: [e.id],
        }];
      }
    }
    return [];
  },
};
