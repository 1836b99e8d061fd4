/**
 * A guard against accidental O(n²) in the machine, loose enough for a busy CI box: the real
 * figures (millions of events per second) come from `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../runtime/index.js';
import { compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

const levels = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'];

function plan(n: number) {
  const specs: EntrySpec[] = Array.from({ length: n }, (_, i) =>
    i % 10 === 0
      ? { id: `l${i}.ctor${i}`, kind: 'ctor', prio: i % 10 }
      : { id: `l${i}.init${i}`, level: levels[i % 6], prio: i % 10, uses: i % 3 ? ['alloc'] : [], provides: [`cap${i}`], ...(i % 7 === 0 ? { term: `term${i}` } : {}) },
  );
  specs.push({ id: 'app.main', kind: 'main' });
  return compilePlan(unikraftProfile(), specs);
}

function fastest(n: number): { ms: number; events: number } {
  const compiled = plan(n);
  let ms = Infinity;
  let events = 0;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const r = run(compiled);
    void r.console;
    ms = Math.min(ms, performance.now() - t);
    events = r.events.length;
  }
  return { ms, events };
}

describe('emulation speed', () => {
  it('boots 20,000 entries, console included, in well under two seconds and linearly', () => {
    const small = fastest(2_000);
    const big = fastest(20_000);
    expect(big.events).toBeGreaterThan(60_000);
    expect(big.ms).toBeLessThan(2_000);
    // Ten times the entries: linear is ~10×, quadratic ~100×.
    expect(big.ms / Math.max(small.ms, 1)).toBeLessThan(40);
  });
});
