/**
 * order-on-itself: an entry that names itself in `after` or `before`, located at that item of the
 * list; naming other entries is quiet.
 */
import { describe, expect, it } from 'vitest';
import { findings } from '../../../helpers/findings.js';
import { HEAD } from '../../../helpers/plans.js';

describe('order-on-itself', () => {
  it('reports each list the entry names itself in, at the item', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 1, after: [b.b_init, a.a_init], before: [a.a_init] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0 }\n`;
    expect(await findings(text, { code: 'order-on-itself' })).toEqual([
      {
        code: 'order-on-itself',
        severity: 'warning',
        at: '8:62',
        message: '`a.a_init` names itself in `after`, which orders nothing',
        hint: 'name the entry `a.a_init` must run after, or remove `a.a_init` from `after`',
        subjects: ['a.a_init'],
      },
      {
        code: 'order-on-itself',
        severity: 'warning',
        at: '8:82',
        message: '`a.a_init` names itself in `before`, which orders nothing',
        hint: 'name the entry `a.a_init` must run before, or remove `a.a_init` from `before`',
        subjects: ['a.a_init'],
      },
    ]);
  });

  it('is quiet when the entry names only others', async () => {
    const text = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: lib, prio: 1, after: [b.b_init] }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, before: [a.a_init] }\n`;
    expect(await findings(text, { code: 'order-on-itself' })).toEqual([]);
  });
});
