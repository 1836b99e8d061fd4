/** Witnesses (compiler/check/witness.ts): the link order a finding shows, and that the machine fails there. */
import { describe, expect, it } from 'vitest';
import { movedOrder } from '../../../compiler/check/witness.js';
import { checkText, witnessProblem } from '../../property/harness.js';

const HEAD = 'bootplan: 1\nname: t\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const CORE = ['core.multiboot_entry', 'core.ukplat_entry', 'core.libparam', 'core.alloc', 'core.tls', 'core.irq', 'core.time', 'core.sched'];

function races(text: string) {
  const { compiled, errors } = checkText(text);
  return errors.map((d) => {
    expect(witnessProblem(compiled, d.witness!)).toBeNull();
    return { code: d.code, move: d.witness!.move, order: [...d.witness!.order] };
  });
}

describe('swapWitness', () => {
  it('moves the user to just before the first of the providers it ties with', () => {
    expect(races(`${HEAD}libraries:
  a:
    initcalls:
      - { fn: p1_init, level: lib, prio: 0, provides: [x] }
      - { fn: q_init, level: lib, prio: 0 }
      - { fn: p2_init, level: lib, prio: 0, provides: [x] }
      - { fn: b_init, level: lib, prio: 0, uses: [x] }
`)).toEqual([{ code: 'race', move: { entry: 'a.b_init', before: 'a.p1_init' }, order: [...CORE, 'a.b_init', 'a.p1_init', 'a.q_init', 'a.p2_init', 'core.banner'] }]);
  });

  it('keeps the default order when the user already comes first in it', () => {
    expect(races(`${HEAD}libraries:
  a:
    initcalls:
      - { fn: b_init, level: lib, prio: 0, uses: [x] }
      - { fn: p_init, level: lib, prio: 0, provides: [x] }
`)).toEqual([{ code: 'race', order: [...CORE, 'a.b_init', 'a.p_init', 'core.banner'] }]);
  });
});

describe('movedOrder', () => {
  it('takes the entry at `from` out and puts it just before the one at `to`, the rest in order', () => {
    expect(movedOrder(['a', 'b', 'c', 'd', 'e'], 3, 1)).toEqual(['a', 'd', 'b', 'c', 'e']);
    expect(movedOrder(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
  });
});
