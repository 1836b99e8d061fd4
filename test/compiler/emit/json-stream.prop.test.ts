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
});
