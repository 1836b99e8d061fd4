import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../traces/logs/console.js';
import { hash32, symbolSize, timestamp } from '../../../traces/logs/symbols.js';
import { unikraftLibTag, unikraftPrefix } from '../../../traces/logs/unikraft-format.js';
import type { TraceEvent } from '../../../traces/events.js';

const log = (t: number, msg: string, lib?: string): TraceEvent => ({ seq: 0, t, ev: 'log', msg, ...(lib ? { lib } : {}) });

describe('console writers', () => {
  it('format timestamps like printk: seconds in 5 columns, microseconds in 6', () => {
    expect(timestamp(0)).toBe('[    0.000000]');
    expect(timestamp(110_603_999)).toBe('[    0.110603]');
    expect(timestamp(1_209_527_000)).toBe('[    1.209527]');
    expect(timestamp(123_456_789_000_000)).toBe('[123456.789000]');
  });

  it('give Unikraft lines their level, library and source position', () => {
    expect(unikraftPrefix('ukboot', 'Call init function: f(0x10fa0)...')).toBe('dbg:  [libukboot] <boot.c @  381> ');
    expect(unikraftPrefix('ukboot', 'Init function at f returned error -5')).toBe('ERR:  [libukboot] <boot.c @  385> ');
    expect(unikraftPrefix('kvmplat', 'Unikraft halted')).toBe('Info: [libkvmplat] <shutdown.c @   59> ');
    expect(unikraftLibTag('posix-tty')).toBe('libposix_tty');
    expect(unikraftLibTag('libfoo')).toBe('libfoo');
    // Unknown messages get a stable made-up position in the library's own file.
    expect(unikraftPrefix('app', 'hello')).toBe(unikraftPrefix('app', 'hello'));
    expect(unikraftPrefix('app', 'hello')).toMatch(/^Info: \[libapp\] <app\.c @ +\d+> $/);
  });

  it('render each format from log events only, raw lines without a prefix, every line ending in \\n', () => {
    const events: TraceEvent[] = [log(1_000, 'Init Table @ 0x1 - 0x2', 'ukboot'), { seq: 1, t: 2_000, ev: 'call', id: 'a.b', fn: 'b' }, log(3_000, 'Hello world!')];
    expect(renderConsole(events, 'unikraft')).toBe('[    0.000001] Info: [libukboot] <boot.c @  373> Init Table @ 0x1 - 0x2\nHello world!\n');
    expect(renderConsole(events, 'linux')).toBe('[    0.000001] Init Table @ 0x1 - 0x2\nHello world!\n');
    expect(renderConsole([log(3_723_004_005_000, 'ready', 'main')], 'zephyr')).toBe('[01:02:03.004,005] <inf> main: ready\n');
    expect(renderConsole([], 'unikraft')).toBe('');
  });

  it('derive Linux symbol sizes deterministically from the name', () => {
    expect(symbolSize('con_init')).toBe(symbolSize('con_init'));
    expect(symbolSize('con_init')).not.toBe(symbolSize('xenbus_init'));
    expect(hash32('a')).toBe(0xe40c292c);
  });
});
