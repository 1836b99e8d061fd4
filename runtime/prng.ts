/** A small seeded PRNG (mulberry32): the same seed gives the same link order on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A 32-bit seed from any text (FNV-1a), so `random:foo` works as well as `random:42`. */
export function seedOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(BigInt(text) & 0xffffffffn);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
