import type { Diagnostic } from '../../types.js';
import type { Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const duplicateRegistration: Rule = {
  code: 'duplicate-registration',
  severity: 'error',
  title: 'one function is registered twice, or an image has two mains',
  doc: `The same library registers the same function twice (in one table or two), so it runs
twice at boot — usually a copy-paste of a registration macro or a library listed in two catalogs.
An image also has exactly one \`main\`.

Fix: remove one of the registrations.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  ukrandom:
    initcalls:
      - { fn: uk_random_init, level: early, prio: 9 }
      - { fn: uk_random_init, level: lib, prio: 9 }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  ukrandom:
    initcalls:
      - { fn: uk_random_init, level: early, prio: 9 }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    const mains = ctx.compiled.entries.filter((e) => e.kind === 'main');
    if (mains.length <= 1 && !ctx.compiled.entries.some((e) => e.id.includes('#'))) return out;
    const first = new Map<string, string>();
    for (const e of ctx.compiled.entries) {
      const base = e.id.replace(/#\d+$/, '');
      if (base === e.id) first.set(base, e.id);
    }
    const byId = new Map(ctx.compiled.entries.map((e) => [e.id, e]));
    for (const e of ctx.compiled.entries) {
      const m = /^(.*)#\d+$/.exec(e.id);
      if (!m) continue;
      const original = byId.get(first.get(m[1]!) ?? '');
      out.push({
        code: this.code,
        severity: 'error',
        message: `${m[1]} is registered more than once: it would run twice`,
        source: e.source,
        ...(original ? { related: [{ message: 'first registered here', source: original.source }] } : {}),
        hint: 'remove one registration',
        subjects: [e.id],
      });
    }
    for (const extra of mains.slice(1)) {
      out.push({
        code: this.code,
        severity: 'error',
        message: `${extra.lib} declares a second main (the first is ${mains[0]!.id}); an image has one`,
        source: extra.source,
        related: [{ message: 'the first main', source: mains[0]!.source }],
        hint: 'keep main in one library',
        subjects: [extra.id],
      });
    }
    return out;
  },
};
