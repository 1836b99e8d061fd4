import type { Diagnostic } from '../../types.js';
import type { Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

export const orderOnItself: Rule = {
  code: 'order-on-itself',
  severity: 'warning',
  title: 'an entry names itself in `after` or `before`',
  doc: `\`after: [X]\` and \`before: [X]\` order an entry against another one. Naming the entry
itself orders nothing: no boot runs an entry before or after itself, so the checker draws no edge
for it (it is neither a race nor a violation) and the machine boots the same either way. It is
usually a copy-paste slip where another entry was meant.

Fix: name the entry that must run first (or after), or drop the reference.`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  netdev:
    initcalls:
      - { fn: netdev_init, level: lib, prio: 4, after: [netdev.netdev_init] }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  netdev:
    initcalls:
      - { fn: netdev_init, level: lib, prio: 4 }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const e of ctx.notable.ordering) {
      for (const field of ['after', 'before'] as const) {
        const i = e[field].indexOf(e.id);
        if (i < 0) continue;
        out.push({
          code: this.code,
          severity: 'warning',
          message: `\`${e.id}\` names itself in \`${field}\`, which orders nothing`,
          source: { file: e.source.file, path: [...e.source.path, field, i] },
          hint: `name the entry \`${e.id}\` must run ${field}, or remove \`${e.id}\` from \`${field}\``,
          subjects: [e.id],
        });
      }
    }
    return out;
  },
};
