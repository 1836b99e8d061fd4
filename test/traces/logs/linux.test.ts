import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLinuxInitcallLog } from '../../../traces/logs/linux.js';
import { readSharedFixture } from '../../shared-fixtures.js';

describe('parseLinuxInitcallLog on the real 6.1 boot', () => {
  const log = parseLinuxInitcallLog(readSharedFixture('linux-6.1/initcall_debug.log'), { file: 'initcall_debug.log' });
  const calls = log.events.filter((e) => e.ev === 'call');
  const returns = log.events.filter((e) => e.ev === 'return');

  it('reads every initcall pair and nothing else', () => {
    expect(log.format).toBe('linux');
    expect(calls).toHaveLength(670);
    expect(returns).toHaveLength(670);
    expect(log.diagnostics).toEqual([]);
  });

  it('keeps the fields of the first console initcall', () => {
    expect(calls[0]).toMatchObject({ fn: 'con_init', symSize: 0x22c, pid: 0, t: 416_903_000, line: 105 });
    expect(returns[0]).toMatchObject({ fn: 'con_init', rc: 0, durationNs: 0, line: 107 });
    expect(calls.find((c) => c.fn === 'init_hw_perf_events')).toMatchObject({ pid: 1, symSize: 0x683 });
  });

  it('counts the return codes real-logs.md lists', () => {
    const byRc = new Map<number, number>();
    for (const r of returns) byRc.set(r.rc!, (byRc.get(r.rc!) ?? 0) + 1);
    expect(Object.fromEntries(byRc)).toEqual({ 0: 621, [-19]: 42, [-2]: 3, [-22]: 2, [-38]: 1, 1: 1 });
  });

  it('filters the 15 PCI fixups and the probe lines', () => {
    expect(calls.some((c) => c.fn!.startsWith('quirk_'))).toBe(false);
    expect(log.events.some((e) => e.fn === 'reg-dummy')).toBe(false);
  });

  it('numbers events in order and ends with the panic', () => {
    expect(log.events.every((e, i) => e.seq === i)).toBe(true);
    const last = log.events[log.events.length - 1]!;
    expect(last).toMatchObject({ ev: 'halt', target: 'CRASH', line: 1736 });
    expect(last.reason).toContain('Unable to mount root fs');
  });
});

describe('parseLinuxInitcallLog on hand-made lines', () => {
  it('reads a first kernel line glued to firmware escape codes', () => {
    const log = parseLinuxInitcallLog('Probing EDD... o\x1bc\x1b[?7l\x1b[2J[    0.100000] calling  foo_init+0x0/0x1a @ 1\r\n');
    expect(log.events).toEqual([{ seq: 0, t: 100_000_000, ev: 'call', table: 'initcalls', fn: 'foo_init', line: 1, pid: 1, symSize: 0x1a }]);
  });

  it('reads lines without timestamps (t = 0) and with caller ids', () => {
    const log = parseLinuxInitcallLog('calling  a+0x0/0x10 @ 1\n[    2.000001][    T1] initcall a+0x0/0x10 returned -19 after 12 usecs\n');
    expect(log.events.map((e) => [e.ev, e.t, e.rc, e.durationNs])).toEqual([
      ['call', 0, undefined, undefined],
      ['return', 2_000_001_000, -19, 12_000],
    ]);
  });

  it('keeps line numbers across \\r\\n, \\n and blank lines', () => {
    const log = parseLinuxInitcallLog('x\r\n\r\n[ 1.0] calling  b+0x0/0x8 @ 1\r\ny\n[ 1.5] initcall b+0x0/0x8 returned 0 after 0 usecs');
    expect(log.events.map((e) => e.line)).toEqual([3, 5]);
  });

  it('reads module suffixes and kernels without kallsyms sizes', () => {
    const log = parseLinuxInitcallLog('[ 9.1] calling  e1000_init_module+0x0/0x70 [e1000] @ 1\n[ 9.2] calling  0xffffffff81234567 @ 1\n');
    expect(log.events[0]).toMatchObject({ fn: 'e1000_init_module', lib: 'e1000', symSize: 0x70 });
    expect(log.events[1]).toMatchObject({ fn: '0xffffffff81234567' });
    expect(log.events[1]!.symSize).toBeUndefined();
  });

  it('drops device-prefixed look-alikes and kernel warnings, keeps syslog-prefixed lines', () => {
    const text = [
      '[ 1.7] pci 0000:00:00.0: calling  quirk_mmio_always_on+0x0/0x20 @ 1',
      '[ 1.8] probe of reg-dummy returned 0 after 8000 usecs',
      '[ 1.9] initcall foo+0x0/0x10 returned with preemption imbalance',
      '[ 2.0] blacklisting initcall bar',
      'Jan  1 00:00:00 host kernel: [ 2.1] calling  baz+0x0/0x10 @ 1',
    ].join('\n');
    const log = parseLinuxInitcallLog(text);
    expect(log.events.map((e) => e.fn)).toEqual(['baz']);
    expect(log.diagnostics).toEqual([]);
  });

  it('reports damaged initcall lines with their line number', () => {
    const log = parseLinuxInitcallLog('ok\n[ 1.0] calling  foo+0x0/0x\n[ 1.1] initcall foo+0x0/0x10 returned zero\n', { file: 'boot.log' });
    expect(log.events).toEqual([]);
    expect(log.diagnostics.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([
      ['LOG_MALFORMED', 'boot.log', 2],
      ['LOG_MALFORMED', 'boot.log', 3],
    ]);
  });

  it('reads the handover to userspace and a clean halt', () => {
    const log = parseLinuxInitcallLog('[ 3.0] Run /sbin/init as init process\n[ 4.0] reboot: System halted\n');
    expect(log.events.map((e) => [e.ev, e.table, e.fn, e.target])).toEqual([
      ['call', 'main', 'main', undefined],
      ['halt', undefined, undefined, 'HALT'],
    ]);
  });

  it('finds several records glued on one line', () => {
    const log = parseLinuxInitcallLog('[ 1.0] calling  a+0x0/0x10 @ 1[ 1.1] initcall a+0x0/0x10 returned 0 after 0 usecs');
    expect(log.events.map((e) => e.ev)).toEqual(['call', 'return']);
  });
});

describe('parseLinuxInitcallLog never throws', () => {
  it('on arbitrary text', () => {
    const text = fc.oneof(fc.string({ maxLength: 500 }), fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')));
    fc.assert(fc.property(text, (text) => {
      const log = parseLinuxInitcallLog(text);
      expect(Array.isArray(log.events)).toBe(true);
      for (const e of log.events) expect(Number.isSafeInteger(e.t) && e.t >= 0).toBe(true);
    }), { numRuns: 300 });
  });

  it('on text made of initcall fragments', () => {
    const piece = fc.constantFrom('calling  ', 'initcall ', '+0x0/0x', '1f', ' @ ', '1', ' returned ', '-19', ' after ', ' usecs', '[', ']', ' 0.5', '\r\n', '\n', ': ', 'pci ', '\x1b[2J', 'Kernel panic - not syncing', ' [mod]');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
      const log = parseLinuxInitcallLog(pieces.join(''));
      expect(log.events.every((e, i) => e.seq === i)).toBe(true);
    }), { numRuns: 500 });
  });

  it('on bytes and on a huge line', () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => parseLinuxInitcallLog(bytes)).not.toThrow();
    const huge = `${'x'.repeat(2_000_000)}[ 1.0] calling  deep+0x0/0x10 @ 1${'y'.repeat(1_000_000)}`;
    const log = parseLinuxInitcallLog(huge);
    expect(log.events.map((e) => e.fn)).toEqual(['deep']);
    expect(log.diagnostics.map((d) => d.code)).toEqual(['LOG_LONG_LINES']);
  });

  it('on values that are not strings', () => {
    expect(parseLinuxInitcallLog(undefined as unknown as string).events).toEqual([]);
  });
});
