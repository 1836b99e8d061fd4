import { describe, expect, it } from 'vitest';
import { parseUnikraftLog } from '../../../traces/logs/unikraft.js';

describe('a Unikraft crash', () => {
  it('CRIT then "Unikraft halted" without teardown is a CRASH', () => {
    const log = [
      '[    0.000459] dbg:  [libukboot] <boot.c @  381> Call init function: musl_init_tls(0x10fa0)...',
      '[    0.000460] CRIT: [libukboot] <boot.c @  381> Fault: uk_thread_current() is NULL',
      '[    0.000461] Info: [libkvmplat] <shutdown.c @   59> Unikraft halted',
    ].join('\r\n');
    const { events } = parseUnikraftLog(log);
    expect(events.map((e) => e.ev)).toEqual(['call', 'fault', 'halt']);
    expect(events.at(-1)).toMatchObject({ ev: 'halt', target: 'CRASH' });
  });

  it('a normal halt after teardown stays HALT', () => {
    const log = ['[ 0.1] Info: [libukboot] <boot.c @  421> Halting system (0)', '[ 0.2] Info: [libkvmplat] <shutdown.c @   59> Unikraft halted'].join('\n');
    expect(parseUnikraftLog(log).events.at(-1)).toMatchObject({ ev: 'halt', target: 'HALT' });
  });
});
