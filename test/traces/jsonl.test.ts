import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { run } from '../../runtime/index.js';
import { parseJsonlTrace } from '../../traces/logs/jsonl.js';
import { eventToJson, parseJsonl, writeJsonl } from '../../traces/jsonl.js';
import type { TraceEvent } from '../../traces/events.js';
import { compilePlan, linuxProfile, mount, unikraftProfile } from '../runtime/helpers.js';
import { writeCpio } from '../../runtime/vfs/cpio.js';
import { memoryHost } from '../../runtime/vfs/host.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/trace.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

/** A boot that emits every kind of event. */
function richRun() {
  const initrd = writeCpio([{ name: 'etc/motd', type: 'file', data: new TextEncoder().encode('hi') }]);
  const c = compilePlan(unikraftProfile(), [
    { id: 'ukbus.uk_bus_lib_init', level: 'plat', effects: [{ kind: 'probe-buses' }] },
    { id: 'lwip.liblwip_init', level: 'lib', alloc: 4096, effects: [{ kind: 'spawn-thread', args: { name: 'tcpip' } }] },
    { id: 'vfscore.vfscore_automount', level: 'rootfs', prio: 4, term: 'vfscore_autoumount', effects: [{ kind: 'mount', args: { from: 'fstab' } }] },
    { id: 'app.main', kind: 'main', effects: [{ kind: 'log', args: { msg: 'Hello "world"\t✓' } }] },
  ], { file: '/p/p.yaml', initrd: 'i.cpio', mounts: [mount('initrd0', '/', 'extract')] });
  return run(c, { host: memoryHost({ '/p/i.cpio': initrd }) });
}

describe('JSON Lines traces', () => {
  it('writes one event per line with keys in a fixed order', () => {
    const line = eventToJson({ reason: 'r', ev: 'fault', t: 5, seq: 1, capability: 'alloc', id: 'a.b', missing: ['alloc'] } as TraceEvent);
    expect(line).toBe('{"seq":1,"t":5,"ev":"fault","id":"a.b","capability":"alloc","missing":["alloc"],"reason":"r"}');
    const text = writeJsonl(richRun().events);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').slice(0, -1).every((l) => l.startsWith('{"seq":'))).toBe(true);
  });

  it('reads back exactly what it wrote', () => {
    const { events } = richRun();
    const back = parseJsonl(writeJsonl(events));
    expect(back.errors).toEqual([]);
    expect(back.events).toEqual(events);
    expect(writeJsonl(back.events)).toBe(writeJsonl(events));
  });

  it('is readable by the verify side’s trace parser, event for event', () => {
    const { events } = richRun();
    const parsed = parseJsonlTrace(writeJsonl(events));
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.events.map(({ line: _line, ...e }) => e)).toEqual(events);
  });

  it('reports unreadable lines by number and keeps the rest', () => {
    const text = '{"seq":0,"t":0,"ev":"log","msg":"a"}\nnot json\n[1]\n{"seq":1,"t":0,"ev":"nope"}\n{"seq":2,"t":"x","ev":"log"}\n\n{"seq":3,"t":1,"ev":"halt","target":"HALT"}\n';
    const { events, errors } = parseJsonl(text);
    expect(events.map((e) => e.seq)).toEqual([0, 3]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(errors[0]!.message).toMatch(/^not JSON/);
    expect(errors[3]!.message).toBe('field "t" is not number');
  });

  it('never copies keys outside the format (no __proto__ pollution)', () => {
    const { events } = parseJsonl('{"seq":0,"t":0,"ev":"log","msg":"a","__proto__":{"polluted":1},"extra":2}\n');
    expect(Object.keys(events[0]!)).toEqual(['seq', 't', 'ev', 'msg']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('schemas/trace.schema.json', () => {
  it('accepts every event the machine emits, Unikraft and Linux', () => {
    const linux = run(compilePlan(linuxProfile(), [{ id: 'tty.con_init', level: 'console' }, { id: 'x.y', level: 'fs', returns: -2 }]));
    const crash = run(compilePlan(unikraftProfile(), [{ id: 'late.broken', level: 'late', uses: ['netdev'] }]));
    const all = [...richRun().events, ...linux.events, ...crash.events];
    expect(new Set(all.map((e) => e.ev)).size).toBe(10);
    for (const ev of all) {
      const ok = validate(JSON.parse(eventToJson(ev)));
      expect(ok ? [] : validate.errors).toEqual([]);
    }
  });

  it('rejects events that break the format', () => {
    expect(validate({ seq: 0, t: 0, ev: 'halt' })).toBe(false); // no target
    expect(validate({ seq: 0, t: -1, ev: 'log', msg: 'x' })).toBe(false);
    expect(validate({ seq: 0, t: 0, ev: 'call', id: 'a.b', bogus: 1 })).toBe(false);
    expect(validate({ seq: 0, t: 0, ev: 'teleport' })).toBe(false);
  });
});
