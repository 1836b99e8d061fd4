import { errorStopsBoot, type Diagnostic } from '../../types.js';
import type { Rule } from '../rule.js';
import { defaultWitness } from '../witness.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const entryFails: Rule = {
  code: 'entry-fails',
  severity: 'error',
  title: 'an initcall returns an error (or main fails where that crashes)',
  doc: `An initcall in a table whose errors stop the boot returns a negative value (\`returns:\` or a
\`fail\` effect). Unikraft then logs "Init function at ... returned error", runs the term functions
of the entries before it in reverse and halts with CRASH: nothing after it runs, main included.
In Unikraft 0.13 a non-zero return from main also means CRASH. To see what such a boot does, run
it with \`bootplan run --fail LIB.FN\` instead of writing the failure into the plan.

Fix: remove the injected failure, or make the entry succeed.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, returns: -1 }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4 }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const { profile } = ctx.compiled;
    // Every error that stops the boot is a return other than 0.
    for (const e of ctx.notable.nonZero) {
      // Whether the error stops the boot is the machine's rule (errorStopsBoot): an early init
      // call's always, whatever its table says; an initcall's where its table can fail.
      const stops = e.kind === 'main' ? profile.mainNonZero === 'crash' && e.returns !== 0 : errorStopsBoot(profile, e) && (e.kind === 'early' ? e.returns !== 0 : e.returns < 0) && e.fn !== null;
      if (!stops) continue;
      out.push({
        code: this.code,
        severity: 'error',
        message: e.kind === 'main'
          ? `main of ${e.lib} returns ${e.returns}; ${profile.name}@${profile.version} treats a non-zero return as CRASH`
          : `\`${e.id}\` returns ${e.returns}: the boot stops there with CRASH, after running the term functions of the entries before it`,
        source: e.source,
        hint: 'remove `returns` (use `bootplan run --fail` to try a failure)',
        witness: defaultWitness(ctx, { kind: 'return', entry: e.id, rc: e.returns }),
        subjects: [e.id],
      });
    }
    return out;
  },
};
