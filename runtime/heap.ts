/**
 * The boot heap: a bump allocator over the plan's memory, as simple as a boot needs (nothing is
 * freed before halt). It exists only once the `alloc` capability does; the machine enforces that.
 */

import { heapBytes } from '../compiler/heap.js';

/** Unikraft's CONFIG_LIBUKBOOT_HEAP_BASE: where addresses start. */
export const HEAP_BASE = 0x4_0000_0000;

export class Heap {
  private used = 0;
  constructor(readonly size: number) {}

  /** Address of `bytes` fresh bytes, or 0 when they do not fit (the caller returns -ENOMEM). */
  allocate(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0) return 0;
    const rounded = heapBytes(bytes);
    if (this.used + rounded > this.size) return 0;
    const addr = HEAP_BASE + this.used;
    this.used += rounded;
    return addr;
  }

  get bytesUsed(): number {
    return this.used;
  }
}
