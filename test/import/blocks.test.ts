import { describe, expect, it } from 'vitest';
import { layOutBlocks, layOutInLinkOrder } from '../../import/blocks.js';

const items = (spec: string) => spec.split(' ').map((s, i) => {
  const [lib, tie] = s.split(':') as [string, string];
  return { lib, tie, value: i };
});

/** Declaration order of the values: blocks top to bottom, then each block's list. */
const declared = (blocks: ReturnType<typeof layOutBlocks<number>>) => blocks.flatMap((b) => b.values);

describe('layOutBlocks', () => {
  it('keeps a library in one block across levels', () => {
    const blocks = layOutBlocks(items('a:1 b:1 a:2 b:2'));
    expect(blocks.map((b) => [b.name, b.values])).toEqual([['a', [0, 2]], ['b', [1, 3]]]);
  });

  it('starts lib-2 when a library comes back inside one tie group', () => {
    const blocks = layOutBlocks(items('a:1 b:1 a:1'));
    expect(blocks.map((b) => [b.name, b.part, b.values])).toEqual([['a', 1, [0]], ['b', 1, [1]], ['a-2', 2, [2]]]);
  });

  it('never collides with a real library of that name', () => {
    const blocks = layOutBlocks(items('a:1 b:1 a:1 a-2:3'), ['a', 'b', 'a-2']);
    expect(blocks.map((b) => b.name)).toEqual(['a', 'b', 'a-3', 'a-2']);
  });

  it('reproduces the input order inside every tie group', () => {
    const input = items('x:1 y:1 x:2 z:1 y:2 x:1 z:2 y:1 x:3 y:3 x:3');
    const blocks = layOutBlocks(input);
    const order = declared(blocks);
    for (const tie of ['1', '2', '3']) {
      const expected = input.filter((i) => i.tie === tie).map((i) => i.value);
      expect(order.filter((v) => input[v]!.tie === tie)).toEqual(expected);
    }
  });
});

describe('layOutInLinkOrder', () => {
  const item = (lib: string, tie: string) => ({ lib, tie, value: `${lib}@${tie}` });
  it('orders libraries so every tie group keeps its order, one block each', () => {
    const blocks = layOutInLinkOrder([item('uktest', 'c0'), item('context', 'c0'), item('a', 'late'), item('b', 'late'), item('uktest', 'late')]);
    expect(blocks!.map((b) => b.name)).toEqual(['a', 'b', 'uktest', 'context']);
    expect(blocks!.find((b) => b.lib === 'uktest')!.values).toEqual(['uktest@c0', 'uktest@late']);
  });
  it('gives up when the ties disagree or a library comes back inside one group', () => {
    expect(layOutInLinkOrder([item('a', 'x'), item('b', 'x'), item('b', 'y'), item('a', 'y')])).toBeNull();
    expect(layOutInLinkOrder([item('a', 'x'), item('b', 'x'), item('a', 'x')])).toBeNull();
  });
});
