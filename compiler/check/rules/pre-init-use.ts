import type { Rule } from '../rule.js';
import { useViolation, violatedUses } from '../uses.js';
import { named, place } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const preInitUse: Rule = {
  code: 'pre-init-use',
  severity: 'error',
  title: 'a constructor (or a pre-kernel init) uses the heap, the scheduler or IRQs before they exist',
  doc: `Unikraft runs its constructor table before the boot core initialises the memory allocator,
the IRQ subsystem, platform time and the scheduler (and, in 0.17, before library parameters are
parsed); Zephyr runs EARLY and PRE_KERNEL levels before the kernel exists. A constructor that
allocates, takes a lock that sleeps, or asks for the current thread crashes: musl's TLS set-up
called uk_syscall_set_tid_address() from a constructor before the scheduler existed and crashed
(unikraft/lib-musl#29).

Fix: register the function as an initcall (any level runs after those core steps), or for Zephyr
move it to POST_KERNEL.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  musl:
    ctors:
      - { fn: musl_init_tls, prio: 0, uses: [sched] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  musl:
    initcalls:
      - { fn: musl_init_tls, level: early, prio: 0, uses: [sched] }
`,
  },
  check(ctx) {
    // Only a profile with `preInit` classes a use as pre-init, and its schema requires the advice.
    const advice = ctx.compiled.profile.preInit?.advice;
    return violatedUses(ctx)
      .filter((v) => v.cls === 'pre-init')
      .map((v) => {
        const cap = (v.edge.reason as { capability: string }).capability;
        const kind = v.to.entry!.kind === 'ctor' ? 'constructor' : `${v.to.entry!.level} entry`;
        // The provider: a core step of the profile, or an entry that provides it later still.
        const where = v.from.step ? `a core step after all ${kind === 'constructor' ? 'constructors' : 'pre-kernel levels'}` : place(v.from);
        return useViolation(ctx, this.code, v, {
          message: `${kind} ${named(v.to)} uses \`${cap}\`, which exists only after ${named(v.from)} (${where}): it fails in every boot`,
          hint: advice!,
        });
      });
  },
};
