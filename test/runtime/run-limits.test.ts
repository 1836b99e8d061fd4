import { describe, expect, it } from 'vitest';
import { run } from '../../runtime/index.js';
import { writeJsonl } from '../../traces/jsonl.js';
import { compilePlan, unikraftProfile, type EntrySpec } from './helpers.js';

const many: EntrySpec[] = Array.from({ length: 200 }, (_, i) => ({ id: `l${i}.init`, level: ['plat', 'lib', 'rootfs'][i % 3], prio: i % 2, cost: 1000 + i }));

describe('limits and determinism', () => {
  it('stops at the event limit with a clear outcome and a trace that still ends in halt', () => {
    const r = run(compilePlan(unikraftProfile(), many), { maxEvents: 50 });
    expect(r.events).toHaveLength(50);
    expect(r.outcome).toEqual({ target: 'CRASH', reason: 'event limit of 50 reached', limit: 'events', exitCode: 1 });
    expect(r.events.at(-1)).toMatchObject({ ev: 'halt', reason: 'event limit of 50 reached' });
    expect(r.events.map((e) => e.seq)).toEqual([...r.events.keys()]);
  });

  it('stops at the time limit', () => {
    const r = run(compilePlan(unikraftProfile(), many), { maxTimeNs: 500_000 });
    expect(r.outcome).toMatchObject({ target: 'CRASH', limit: 'time', reason: 'time limit of 500000 ns reached', exitCode: 1 });
    expect(r.events.at(-2)!.t).toBeLessThanOrEqual(500_000);
    expect(r.events.filter((e) => e.ev === 'return').length).toBeLessThan(many.length);
  });

  it('gives byte-identical traces and consoles for the same plan and options', () => {
    for (const linkOrder of [{ kind: 'declared' as const }, { kind: 'random' as const, seed: 7 }]) {
      const a = run(compilePlan(unikraftProfile(), many), { linkOrder });
      const b = run(compilePlan(unikraftProfile(), many), { linkOrder });
      expect(writeJsonl(a.events)).toBe(writeJsonl(b.events));
      expect(a.console).toBe(b.console);
    }
    const other = run(compilePlan(unikraftProfile(), many), { linkOrder: { kind: 'random', seed: 8 } });
    expect(writeJsonl(other.events)).not.toBe(writeJsonl(run(compilePlan(unikraftProfile(), many), { linkOrder: { kind: 'random', seed: 7 } }).events));
  });

  it('keeps seq consecutive and time monotonic, in integer nanoseconds', () => {
    const r = run(compilePlan(unikraftProfile(), many));
    r.events.forEach((e, i) => {
      expect(e.seq).toBe(i);
      expect(Number.isSafeInteger(e.t)).toBe(true);
      if (i > 0) expect(e.t).toBeGreaterThanOrEqual(r.events[i - 1]!.t);
    });
  });
});
