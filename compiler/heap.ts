/**
 * How much heap an allocation takes: the one rule the checker's out-of-memory sum and the
 * emulated machine's allocator share. Every allocation is rounded up to 16 bytes.
 */
import { parseSize } from './units.js';
import type { Entry } from './types.js';

export const HEAP_ALIGNMENT = 16;

export function heapBytes(bytes: number): number {
  return Math.ceil(bytes / HEAP_ALIGNMENT) * HEAP_ALIGNMENT;
}

/** The sizes an entry allocates, one per allocation: its own `alloc`, then each `alloc` effect. */
export function allocationsOf(entry: Entry): number[] {
  if (entry.alloc === 0) return [];
  const effects: number[] = [];
  for (const e of entry.effects) if (e.kind === 'alloc') effects.push(parseSize(e.args.size) ?? 0);
  const own = Math.max(0, entry.alloc - effects.reduce((a, b) => a + b, 0));
  return own > 0 ? [own, ...effects] : effects;
}

/** Heap the entry takes when it runs, rounding included. */
export function entryHeap(entry: Entry): number {
  let total = 0;
  for (const bytes of allocationsOf(entry)) total += heapBytes(bytes);
  return total;
}
