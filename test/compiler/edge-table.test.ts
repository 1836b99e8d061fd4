import { describe, expect, it } from 'vitest';
import { EdgeTable, type EdgeKind } from '../../compiler/edge-table.js';
import type { Edge, EdgeStatus } from '../../compiler/types.js';

const ids = ['core.boot', 'a.init', 'b.init', 'c.init'];
const names = ['alloc', 'mount:/', 'net'];

/** The edges `rows` stand for, written out as buildGraph used to make them. */
function expected(rows: Array<[number, number, EdgeKind, number, EdgeStatus]>): Edge[] {
  return rows.map(([from, to, kind, cap, status]) => ({
    from: ids[from]!, to: ids[to]!, status,
    reason: kind === 'after' || kind === 'before' ? { kind } : { kind, capability: names[cap]! },
  }));
}

describe('EdgeTable', () => {
  const rows: Array<[number, number, EdgeKind, number, EdgeStatus]> = [
    [0, 1, 'uses', 0, 'proven'],
    [1, 2, 'uses', 2, 'violation'],
    [2, 2, 'uses', 2, 'violation'],
    [1, 3, 'after', -1, 'race'],
    [3, 1, 'before', -1, 'link-order'],
    [2, 3, 'term-uses', 1, 'proven'],
    [0, 3, 'uses', 0, 'proven'],
  ];
  const filled = () => {
    // Room for 16 at first: 40 copies pass it twice, so the columns grow and keep what they held.
    const table = new EdgeTable(ids, names, 1);
    for (let copy = 0; copy < 40; copy++) for (const r of rows) table.push(...r);
    return table;
  };

  it('gives back every edge as written, in order, past its first room', () => {
    const table = filled();
    const want = Array.from({ length: 40 }, () => expected(rows)).flat();
    expect(table.count).toBe(want.length);
    expect(table.all()).toEqual(want);
    expect(table.from(8)).toBe(1);
    expect(table.at(8).to).toBe(ids[2]);
    expect(table.proven(7)).toBe(true);
    expect(table.proven(8)).toBe(false);
  });

  it('gives only the edges that are not proven from doubtful(), in order', () => {
    const table = filled();
    const doubtful = table.doubtful();
    expect(doubtful).toEqual(Array.from({ length: 40 }, () => expected(rows.filter((r) => r[4] !== 'proven'))).flat());
  });

  it('makes each edge once: at(), doubtful() and all() return the same objects, all() the same array', () => {
    const table = filled();
    const early = table.at(3);
    const doubtful = table.doubtful();
    expect(doubtful[2]).toBe(early);
    const every = table.all();
    expect(every[3]).toBe(early);
    expect(every[1]).toBe(doubtful[0]);
    expect(table.all()).toBe(every);
    expect(table.at(1)).toBe(every[1]);
  });

  it('shares one reason per capability and kind, and none between kinds', () => {
    const table = filled();
    const every = table.all();
    expect(every[0]!.reason).toBe(every[6]!.reason);
    expect(every[0]!.reason).toBe(every[7]!.reason);
    expect(every[1]!.reason).not.toBe(every[0]!.reason);
    expect(every[5]!.reason).toEqual({ kind: 'term-uses', capability: 'mount:/' });
    expect(every[3]!.reason).not.toBe(every[10]!.reason);
  });

  it('keeps the reasons of different capabilities apart, whatever their ids', () => {
    const many = Array.from({ length: 40 }, (_, c) => `cap${c}`);
    const table = new EdgeTable(ids, many);
    for (let c = 0; c < many.length; c++) {
      table.push(0, 1, 'term-uses', c, 'proven');
      table.push(0, 1, 'uses', c, 'proven');
    }
    table.all().forEach((edge, i) => {
      expect(edge.reason).toEqual({ kind: i % 2 === 0 ? 'term-uses' : 'uses', capability: `cap${i >> 1}` });
    });
  });

  it('refuses an edge added after edges were read, and an index it does not have', () => {
    const table = filled();
    table.at(0);
    expect(() => table.push(0, 1, 'uses', 0, 'proven')).toThrow(/after edges were read/);
    expect(() => table.at(table.count)).toThrow(/no edge 280 \(280 edges\)/);
    expect(() => table.at(-1)).toThrow(RangeError);
    const empty = new EdgeTable(ids, names);
    expect(empty.count).toBe(0);
    expect(empty.all()).toEqual([]);
    expect(empty.doubtful()).toEqual([]);
  });
});
