import { describe, expect, it } from 'vitest';
import { timeSummary } from '../../../traces/verify/time-summary.js';

describe('timeSummary', () => {
  const timings = [
    { id: 'a.fast', durationNs: 2_000, costNs: 0, line: 3 },
    { id: 'b.slow', durationNs: 27_420_000, costNs: 27_000_000, line: 9 },
    { id: 'c.mid', durationNs: 1_500_000, costNs: 0 },
  ];

  it('gives the end of the trace, the total of the entries and the slowest first', () => {
    expect(timeSummary({ timings, end: { ns: 3_091_240_000, line: 1736 } }, 2)).toEqual([
      'time: the trace ends 3.091 s after boot (line 1736); the 3 planned entries it shows took 28.92 ms',
      'slowest:',
      '    27.42 ms  b.slow, declared 27.00 ms  (line 9)',
      '    1.500 ms  c.mid',
    ]);
  });

  it('says nothing about time when the trace carries none', () => {
    expect(timeSummary({ timings: [], end: null })).toEqual([]);
    expect(timeSummary({ timings: [{ id: 'a', durationNs: 0, costNs: 0 }], end: { ns: 0 } })).toEqual([]);
  });
});
