import type { Diagnostic } from '../../types.js';
import { weakMainReturn } from '../../weak-main.js';
import type { Rule } from '../rule.js';

const UNIKRAFT_013 = `bootplan: 1
name: example
profile: unikraft@0.13
target: qemu/x86_64
`;

export const weakMain: Rule = {
  code: 'weak-main',
  severity: 'error',
  title: 'no `main`, and the fallback main crashes the boot',
  doc: `A Unikraft image whose application defines no \`main\` links the weak main of
lib/ukboot/weak_main.c: it prints "weak main() called. Symbol was not replaced!" and returns
-EINVAL. Unikraft 0.17 halts after a main that returns non-zero; 0.13 treats it as CRASH, so a
0.13 plan without \`main\` crashes in every boot (a library-only image is fine on 0.17). There
is no entry to name and no order to change: the plain boot shows it.

Fix: give the application a \`main\` (\`app: { main: {} }\`).`,
  example: {
    failing: `${UNIKRAFT_013}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_rootfs, level: rootfs, prio: 4 }
`,
    fixed: `${UNIKRAFT_013}libraries:
  vfscore:
    initcalls:
      - { fn: vfscore_rootfs, level: rootfs, prio: 4 }
  app:
    main: {}
`,
  },
  check(ctx) {
    const { profile, plan, entries } = ctx.compiled;
    const rc = weakMainReturn(profile);
    if (profile.mainNonZero !== 'crash' || rc === null) return [];
    if (!profile.phases.some((p) => 'main' in p) || entries.some((e) => e.kind === 'main')) return [];
    const out: Diagnostic[] = [{
      code: this.code,
      severity: 'error',
      message: `the plan has no \`main\`, so the image runs ${profile.name}'s weak main, which returns ${rc}; ${profile.name}@${profile.version} treats a non-zero return from main as CRASH`,
      source: { file: plan.source.file, path: ['libraries'] },
      hint: 'give the application a `main` (`app: { main: {} }`)',
      subjects: [],
    }];
    return out;
  },
};
