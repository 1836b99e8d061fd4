/**
 * order-violated: an `after` or `before` that the keys contradict, located at the field that
 * states it, with the other entry as a note; a tie is a race and a use is use-before-provide
 * instead. Every witness replays.
 */
import { describe, expect, it } from 'vitest';
import { checkedFindings } from '../../../helpers/checked-plan.js';
import { findings } from '../../../helpers/findings.js';
import { checkText, HEAD } from '../../../helpers/plans.js';
import { witnessProblem } from '../../../property/harness.js';

const two = (a: string, b: string) => `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, ${a} }\n  b:\n    initcalls:\n      - { fn: b_init, ${b} }\n`;
const ORDER = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched', 'b.b_init', 'a.a_init', 'core.banner'];

async function violated(text: string) {
  const found = await findings(text, { code: 'order-violated' });
  const { compiled, diagnostics } = await checkText(text);
  for (const d of diagnostics.filter((x) => x.code === 'order-violated')) expect(witnessProblem(compiled!, d.witness!)).toBeNull();
  return found;
}

describe('order-violated', () => {
  it('points at `after` on the entry that runs too early', async () => {
    expect(await violated(two('level: sys, prio: 0', 'level: lib, prio: 0, after: [a.a_init]'))).toEqual([{
      code: 'order-violated',
      severity: 'error',
      at: '11:51',
      message: '`b.b_init` (lib 0) must run after `a.a_init` (sys 0), as `after` on b.b_init says, but it runs first in every boot',
      hint: 'move b.b_init after sys 0, or a.a_init before lib 0',
      related: [{ at: '8:9', message: 'a.a_init (sys 0): the other entry' }],
      subjects: ['b.b_init', 'a.a_init'],
      witness: { order: ORDER, expect: { kind: 'order', entry: 'b.b_init', first: 'a.a_init' } },
    }]);
  });

  it('points at `before` on the entry that runs too late', async () => {
    expect(await violated(two('level: sys, prio: 0, before: [b.b_init]', 'level: lib, prio: 0'))).toEqual([{
      code: 'order-violated',
      severity: 'error',
      at: '8:52',
      message: '`b.b_init` (lib 0) must run after `a.a_init` (sys 0), as `before` on a.a_init says, but it runs first in every boot',
      hint: 'move b.b_init after sys 0, or a.a_init before lib 0',
      related: [{ at: '11:9', message: 'b.b_init (lib 0): the other entry' }],
      subjects: ['b.b_init', 'a.a_init'],
      witness: { order: ORDER, expect: { kind: 'order', entry: 'b.b_init', first: 'a.a_init' } },
    }]);
  });

  it('underlines, as `check` prints it, the item of the list that names the other entry', async () => {
    const three = `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: a_init, level: sys, prio: 0, before: [c.c_init, b.b_init] }\n      - { fn: a_two, level: lib, prio: 5 }\n  b:\n    initcalls:\n      - { fn: b_init, level: lib, prio: 0, after: [a.a_two, a.a_init] }\n  c:\n    initcalls:\n      - { fn: c_init, level: late, prio: 0 }\n`;
    // b.b_init's `after: [a.a_two, a.a_init]`: a.a_init, the second item; a.a_init's `before`: b.b_init, its second item.
    expect((await checkedFindings(three, { code: 'order-violated' })).map((f) => [f.at, f.message])).toEqual([
      ['8:63', '`b.b_init` (lib 0) must run after `a.a_init` (sys 0), as `before` on a.a_init says, but it runs first in every boot'],
      ['12:52', '`b.b_init` (lib 0) must run after `a.a_two` (lib 5), as `after` on b.b_init says, but it runs first in every boot'],
      ['12:61', '`b.b_init` (lib 0) must run after `a.a_init` (sys 0), as `after` on b.b_init says, but it runs first in every boot'],
    ]);
  });

  it('leaves a tie to race, a use to use-before-provide, and is quiet when the keys agree', async () => {
    expect((await findings(two('level: lib, prio: 0', 'level: lib, prio: 0, after: [a.a_init]'))).map((f) => f.code)).toEqual(['race']);
    expect((await findings(two('level: sys, prio: 0, provides: [x]', 'level: lib, prio: 0, uses: [x]'))).map((f) => f.code)).toEqual(['use-before-provide']);
    expect(await violated(two('level: lib, prio: 0', 'level: sys, prio: 0, after: [a.a_init]'))).toEqual([]);
    expect(await violated(two('level: lib, prio: 0, before: [b.b_init]', 'level: lib, prio: 1'))).toEqual([]);
  });
});
