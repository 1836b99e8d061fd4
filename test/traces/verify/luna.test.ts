/** `verify` on thread-model traces: the machine's own trace conforms; a reordered one does not. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, loadPlan } from '../../../compiler/index.js';
import { parseJsonl, run, writeJsonl } from '../../../runtime/index.js';
import type { TraceEvent } from '../../../traces/events.js';
import { verifyTrace } from '../../../traces/verify/conformance.js';
import { parseAnyTrace } from '../../../traces/logs/detect.js';

const { compiled } = compile(loadPlan(resolve('specs/plans/luna/luna.yaml')));
const events = run(compiled!).events;
const codes = (evs: TraceEvent[]) => verifyTrace(compiled!, evs).diagnostics.filter((d) => d.severity !== 'note').map((d) => d.code);

describe('verify, thread model', () => {
  it('the machine\'s trace conforms, and reads back from JSON Lines with every Luna field', () => {
    const parsed = parseJsonl(writeJsonl(events));
    expect(parsed.errors).toEqual([]);
    expect(parsed.events.map(({ line: _l, ...e }) => e)).toEqual(events);
    expect(codes(parsed.events)).toEqual([]);
  });

  it('a console reads back and conforms; a reordered console does not', () => {
    const console = run(compiled!).console;
    const back = parseAnyTrace(console);
    expect(back.format).toBe('luna');
    expect(verifyTrace(compiled!, back).diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
    const lines = console.split('\n');
    const i = lines.findIndex((l) => l.endsWith('> preinit.exec:/usr/bin/init (pid 1)'));
    const j = lines.findIndex((l) => l.endsWith('> preinit.pivot-root:/osroot (pid 1)'));
    lines.splice(j, 0, lines.splice(i, 1)[0]!);
    const report = verifyTrace(compiled!, parseAnyTrace(lines.join('\n')));
    expect(report.diagnostics.filter((d) => d.code === 'VERIFY_ORDER').map((d) => d.location?.line)).toEqual([j + 1]);
  });

  it('a step run before an earlier step of its own process is out of order', () => {
    const evs = events.map((e) => ({ ...e }));
    const i = evs.findIndex((e) => e.ev === 'call' && e.id === 'preinit.exec:/usr/bin/init');
    const j = evs.findIndex((e) => e.ev === 'call' && e.id === 'preinit.pivot-root:/osroot');
    evs.splice(j, 0, evs.splice(i, 1)[0]!);
    const report = verifyTrace(compiled!, evs);
    expect(report.summary.outOfOrder).toBeGreaterThan(0);
    expect(report.diagnostics.find((d) => d.code === 'VERIFY_ORDER')?.message).toMatch(/^preinit\.exec:\/usr\/bin\/init ran before preinit\./);
  });

  it('times each step from its call to the next event, against its cost', () => {
    const report = verifyTrace(compiled!, events);
    expect(report.timings.length).toBe(report.summary.mapped);
    expect(report.summary.slow).toBe(0);
    const evs = events.map((e) => ({ ...e }));
    const i = evs.findIndex((e) => e.ev === 'call' && e.id === 'kinit.load-symbols');
    for (let k = i + 1; k < evs.length; k++) evs[k]!.t += 50_000;
    const slow = verifyTrace(compiled!, evs).diagnostics.filter((d) => d.code === 'VERIFY_SLOW');
    expect(slow.map((d) => d.subjects?.[0])).toEqual(['kinit.load-symbols']);
  });

  it('a step the plan lacks, a fault and a step that never ran are reported', () => {
    const evs = events.map((e) => ({ ...e }));
    const term = evs.findIndex((e) => e.ev === 'call' && e.id === '99-login/init/00-terminal.spawn:sh');
    evs.splice(term, 1);
    evs.splice(3, 0, { seq: 0, t: 0, ev: 'call', id: 'kernel.unknown', lib: 'kernel', fn: 'unknown' });
    expect(codes(evs).sort()).toEqual(['VERIFY_NOT_RUN', 'VERIFY_UNPLANNED']);
    const faulted = [...events.slice(0, -1), { seq: 0, t: 0, ev: 'fault' as const, id: 'preinit.exec:/usr/bin/init', reason: 'exec /usr/bin/init: ENOENT' }, events[events.length - 1]!];
    expect(codes(faulted)).toContain('VERIFY_FAILED');
  });
});
