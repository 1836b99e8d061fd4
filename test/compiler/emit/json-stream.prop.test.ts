import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { jsonChunks, MappedList } from '../../../compiler/emit/json-stream.js';

describe('jsonChunks', () => {
  test.prop([fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 4 })])('joins to exactly what JSON.stringify writes', (value, space) => {
    expect([...jsonChunks(value, space)].join('')).toBe(JSON.stringify(value, null, space) + '\n');
  });

  it('drops what JSON.stringify drops and calls toJSON', () => {
    const value = { a: undefined, b: [undefined, () => 1], c: { toJSON: () => ({ d: 1 }) }, e: new Date(0) };
    expect([...jsonChunks(value, 2)].join('')).toBe(JSON.stringify(value, null, 2) + '\n');
  });

  it('writes a document longer than a string may be in chunks small enough to die young (under 128 KiB)', () => {
    // 60,000 entries of ~10 KB: ~600 MB of text, past V8's ~512 MiB string limit.
    const note = 'x'.repeat(10_000);
    const big = { entries: Array.from({ length: 60_000 }, (_, i) => ({ fn: `f${i}`, note })) };
    let chars = 0;
    let largest = 0;
    for (const chunk of jsonChunks(big, 1)) {
      chars += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    expect(chars).toBeGreaterThan(2 ** 29);
    // 8 K characters and the piece that passed it (an entry here is ~10 K).
    expect(largest).toBeLessThan(2 ** 16);
  });
});

describe('MappedList', () => {
  test.prop([fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })])('is written as its mapped items, by jsonChunks as by JSON.stringify, at any walk depth', (items, space, depth) => {
    const map = (x: unknown, i: number) => ({ i, x });
    const value = { list: new MappedList(items, map), nested: [new MappedList(items, map)] };
    const want = JSON.stringify({ list: items.map(map), nested: [items.map(map)] }, null, space) + '\n';
    expect(JSON.stringify(value, null, space) + '\n').toBe(want);
    expect([...jsonChunks(value, space, '\n', depth)].join('')).toBe(want);
  });

  test.prop([fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)), { minLength: 20, maxLength: 200 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })])('is written alike past a group of items, with the items the map drops written as null', (items, space, depth) => {
    // Items the walk does not reach are stringified in groups of 32: lists longer than one group.
    const map = (x: unknown, i: number) => (x === undefined ? undefined : i % 2 ? x : { i, x });
    const value = { list: new MappedList(items, map), nested: [new MappedList(items, map)] };
    const want = JSON.stringify({ list: items.map(map), nested: [items.map(map)] }, null, space) + '\n';
    expect([...jsonChunks(value, space, '\n', depth)].join('')).toBe(want);
  });

  it('keeps the chunks of a list of large items under 128 KiB', () => {
    const note = 'x'.repeat(20_000);
    const value = [{ messages: new MappedList(Array.from({ length: 2_000 }, (_, i) => i), (i) => ({ i, note })) }];
    let text = '';
    let largest = 0;
    for (const chunk of jsonChunks(value, 2, '\n', 3)) {
      text += chunk;
      largest = Math.max(largest, chunk.length);
    }
    expect(text).toBe(JSON.stringify(value, null, 2) + '\n');
    expect(largest).toBeLessThan(2 ** 17);
  });
});
