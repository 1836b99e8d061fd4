import { describe, expect, it } from 'vitest';
import { detectTraceFormat, parseAnyTrace } from '../../../traces/logs/detect.js';
import { parseNm } from '../../../traces/logs/nm.js';
import { readSharedFixture } from '../../shared-fixtures.js';

describe('detectTraceFormat', () => {
  it('recognises the real logs and our JSON Lines', () => {
    expect(detectTraceFormat(readSharedFixture('linux-6.1/initcall_debug.log'))).toBe('linux');
    expect(detectTraceFormat(readSharedFixture('unikraft-0.17-rich/boot.log'))).toBe('unikraft');
    expect(detectTraceFormat('\uFEFF{"seq":0,"t":0,"ev":"phase","name":"x"}\n')).toBe('jsonl');
  });

  it('recognises a Unikraft log with debug printing off by its line shape', () => {
    expect(detectTraceFormat('[    0.1] Info: [libukbus] <bus.c @  133> Initialize bus handlers...\n')).toBe('unikraft');
  });

  it('gives up on anything else', () => {
    expect(detectTraceFormat('hello\nworld\n')).toBeNull();
    const parsed = parseAnyTrace('hello', { file: 'x.txt' });
    expect(parsed.events).toEqual([]);
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.location?.file])).toEqual([['TRACE_UNKNOWN_FORMAT', 'error', 'x.txt']]);
  });
});

describe('parseAnyTrace', () => {
  it('passes the symbol map to the Unikraft parser', () => {
    const symbols = parseNm(readSharedFixture('unikraft-0.17-rich/nm.txt'));
    const parsed = parseAnyTrace(readSharedFixture('unikraft-0.17-rich/boot.log'), { symbols });
    expect(parsed.format).toBe('unikraft');
    expect(parsed.events.find((e) => e.ev === 'call')!.fn).toBe('testsuite_run_uktest_myself_testsuite');
  });

  it('honours an explicit format', () => {
    expect(parseAnyTrace('calling  a+0x0/0x10 @ 1', { format: 'linux' }).events).toHaveLength(1);
  });
});

describe('JSON Lines traces', () => {
  const good = '{"seq":0,"t":0,"ev":"call","id":"vfscore.vfscore_automount","fn":"vfscore_automount"}';

  it('reads each line as an event and numbers lines', () => {
    const parsed = parseAnyTrace(`${good}\n\n{"seq":1,"t":5,"ev":"return","id":"vfscore.vfscore_automount","rc":-5}\n`, { file: 't.jsonl' });
    expect(parsed.format).toBe('jsonl');
    expect(parsed.events.map((e) => [e.seq, e.ev, e.line, e.rc])).toEqual([[0, 'call', 1, undefined], [1, 'return', 3, -5]]);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('reports each bad line with its number and keeps the rest', () => {
    const text = [
      good,
      '{"seq":1,"t":1,"ev":"explode"}',
      'not json',
      '{"seq":2,"t":-1,"ev":"log"}',
      '[1,2]',
      '{"seq":3,"t":1,"ev":"call"}',
      '{"seq":4,"t":1,"ev":"log","rc":"zero"}',
      '{"seq":5,"t":9,"ev":"halt","target":"HALT"}',
    ].join('\n');
    const parsed = parseAnyTrace(text, { file: 't.jsonl' });
    expect(parsed.events.map((e) => e.ev)).toEqual(['call', 'halt']);
    expect(parsed.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['TRACE_BAD_LINE', 2], ['TRACE_BAD_LINE', 3], ['TRACE_BAD_LINE', 4], ['TRACE_BAD_LINE', 5], ['TRACE_BAD_LINE', 6], ['TRACE_BAD_LINE', 7],
    ]);
  });

  it('copies only known fields, so __proto__ never reaches an event', () => {
    const parsed = parseAnyTrace('{"seq":0,"t":0,"ev":"log","__proto__":{"polluted":true},"extra":1}');
    const ev = parsed.events[0]! as unknown as Record<string, unknown>;
    expect(ev.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(ev)).toBe(Object.prototype);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['TRACE_UNKNOWN_FIELD']);
  });
});
