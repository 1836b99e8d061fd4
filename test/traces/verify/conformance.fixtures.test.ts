/**
 * End to end on the real machines' fixtures: import the image's symbols into a plan, compile it
 * with the real pipeline, parse the real boot log, verify. Then damage copies of the logs (swap
 * two calls, drop lines, cut the log) and check that verify names exactly what was damaged.
 */
import { describe, expect, it } from 'vitest';
import { importLinuxSystemMap } from '../../../import/linux-system-map.js';
import { importUnikraftNm } from '../../../import/unikraft-nm.js';
import { writePlan } from '../../../import/write-plan.js';
import { compile, loadPlanText } from '../../../compiler/index.js';
import type { Compiled } from '../../../compiler/types.js';
import { parseAnyTrace } from '../../../traces/logs/detect.js';
import { parseNm } from '../../../traces/logs/nm.js';
import { verifyTrace, type VerifyReport } from '../../../traces/verify/conformance.js';
import { readSharedFixture } from '../../shared-fixtures.js';

function compiledFrom(yaml: string, name: string): Compiled {
  const { compiled, diagnostics } = compile(loadPlanText(name, yaml));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compiled!;
}
const lines = (text: string) => text.split('\n');
const indexOf = (all: string[], needle: string) => {
  const i = all.findIndex((l) => l.includes(needle));
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};
const errors = (r: VerifyReport) => r.diagnostics.filter((d) => d.severity === 'error');

describe('verify the real Linux 6.1 boot against its System.map', () => {
  const plan = compiledFrom(writePlan(importLinuxSystemMap(readSharedFixture('linux-6.1/System.map'))), 'linux.yaml');
  const text = readSharedFixture('linux-6.1/initcall_debug.log');
  const verify = (t: string) => verifyTrace(plan, parseAnyTrace(t, { file: 'initcall_debug.log' }), { traceFile: 'initcall_debug.log' });

  it('maps all 670 initcalls, none out of order, none missing', () => {
    const report = verify(text);
    expect(report.format).toBe('linux');
    expect(report.summary).toMatchObject({ calls: 670, mapped: 670, unmapped: 0, missing: 0, notReached: 0, outOfOrder: 0 });
    expect(report.diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
    // 49 non-zero returns (the kernel ignores them) and the panic after the last initcall.
    expect(report.summary.failed).toBe(49);
    expect(report.diagnostics.find((d) => d.code === 'VERIFY_CRASHED')!.message).toContain('Unable to mount root fs');
  });

  it('maps the duplicate names to the right entries by size', () => {
    const report = verify(text);
    const xen = report.mapping.filter((m) => m.id.endsWith('.xenbus_init'));
    expect(xen).toHaveLength(2);
    expect(new Set(xen.map((m) => m.id)).size).toBe(2);
  });

  it('sees two initcalls swapped across levels, and names both', () => {
    const all = lines(text);
    const a = indexOf(all, 'calling  init_hw_perf_events+');
    const b = indexOf(all, 'calling  genpd_power_off_unused+');
    const ra = indexOf(all, 'initcall init_hw_perf_events+');
    const rb = indexOf(all, 'initcall genpd_power_off_unused+');
    [all[a], all[b]] = [all[b]!, all[a]!];
    [all[ra], all[rb]] = [all[rb]!, all[ra]!];
    const report = verify(all.join('\n'));
    expect(report.summary).toMatchObject({ mapped: 670, outOfOrder: 2 });
    const order = errors(report).filter((d) => d.code === 'VERIFY_ORDER');
    expect(order.map((d) => d.subjects![0])).toEqual(['core-2.genpd_power_off_unused', 'core.init_hw_perf_events'].map((id) => plan.entries.find((e) => e.id.endsWith(id.slice(id.indexOf('.'))))!.id));
    expect(order[0]!.location?.line).toBe(a + 1);
    expect(errors(report).every((d) => d.code === 'VERIFY_ORDER')).toBe(true);
  });

  it('sees two neighbours of one level in the wrong link order', () => {
    const all = lines(text);
    const calls = all.map((l, i) => [l, i] as const).filter(([l]) => l.includes('] calling  ') && !l.includes(': calling'));
    // Two consecutive device-level initcalls (pid 1, well inside level 6).
    const first = calls[400]![1];
    const second = calls[401]![1];
    [all[first], all[second]] = [all[second]!, all[first]!];
    const report = verify(all.join('\n'));
    const order = errors(report);
    expect(order.map((d) => d.code)).toEqual(['VERIFY_ORDER']);
    expect(order[0]!.message).toContain('link order');
  });

  it('names the initcall whose lines were dropped', () => {
    const all = lines(text).filter((l) => !l.includes(' spawn_ksoftirqd+'));
    const report = verify(all.join('\n'));
    expect(errors(report).map((d) => [d.code, d.subjects])).toEqual([['VERIFY_NOT_RUN', ['softirq.spawn_ksoftirqd']]]);
    expect(report.summary).toMatchObject({ mapped: 669, missing: 1 });
  });

  it('trusts a return line whose call line was dropped', () => {
    const all = lines(text).filter((l) => !l.includes('calling  spawn_ksoftirqd+'));
    const report = verify(all.join('\n'));
    expect(report.diagnostics.filter((d) => d.severity !== 'note').map((d) => d.code)).toEqual(['VERIFY_ORPHAN_RETURN']);
    expect(report.summary.missing).toBe(0);
  });

  it('says where a cut-off log ends instead of calling the rest missing', () => {
    const report = verify(lines(text).slice(0, 1000).join('\n'));
    expect(report.summary.missing).toBe(0);
    expect(report.summary.notReached).toBeGreaterThan(0);
    expect(report.diagnostics.filter((d) => d.severity !== 'note').map((d) => [d.code, d.severity])).toEqual([['VERIFY_STOPPED', 'warning']]);
  });

  it('verifies a 5,000-line log (the real one padded with console noise)', () => {
    // The real log padded to 5,000 lines with console noise between initcall lines.
    const all = lines(text);
    const padded: string[] = [];
    const noise = (i: number) => `[    1.${String(i).padStart(6, '0')}] pci 0000:00:0${i % 8}.0: [8086:1237] type 00 class 0x060000\r`;
    for (let i = 0; padded.length < 5000; i++) {
      if (i < all.length) padded.push(all[i]!);
      else padded.push(noise(i));
      if (i < all.length && padded.length < 5000 - (all.length - i)) padded.push(noise(i));
    }
    const big = padded.slice(0, 5000).join('\n');
    expect(big.split('\n')).toHaveLength(5000);
    const report: VerifyReport = verifyTrace(plan, parseAnyTrace(big));
    expect(report!.summary.mapped).toBe(670);
  });
});

describe('verify the real Unikraft 0.17 boot against its nm', () => {
  const nm = readSharedFixture('unikraft-0.17-rich/nm.txt');
  const symbols = parseNm(nm);
  const plan = compiledFrom(writePlan(importUnikraftNm(nm)), 'uk.yaml');
  const text = readSharedFixture('unikraft-0.17-rich/boot.log');
  const verify = (t: string, withSymbols = true) =>
    verifyTrace(plan, parseAnyTrace(t, { file: 'boot.log', ...(withSymbols ? { symbols } : {}) }), { traceFile: 'boot.log' });

  it('maps 4 constructors, 13 init functions, main and 2 term functions in reverse', () => {
    const report = verify(text);
    expect(report.diagnostics).toEqual([]);
    const kinds = new Map<string, number>();
    for (const m of report.mapping) {
      const kind = plan.entries.find((e) => e.id === m.id)!.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toEqual({ ctor: 4, initcall: 13, main: 1 });
    expect(report.summary).toMatchObject({ mapped: 18, unmapped: 0, missing: 0, outOfOrder: 0, terms: 2, termsOutOfOrder: 0, termsMissing: 0 });
  });

  it('sees two init calls swapped across levels', () => {
    const all = lines(text);
    const a = indexOf(all, 'Call init function: 0x1314b0'); // uk_bus_lib_init, plat 0
    const b = indexOf(all, 'Call init function: 0x149150'); // vfscore_automount, rootfs 4
    [all[a], all[b]] = [all[b]!, all[a]!];
    const report = verify(all.join('\n'));
    expect(errors(report).map((d) => [d.code, d.subjects])).toEqual([
      // Each names the nearest entry that proves it out of place.
      ['VERIFY_ORDER', ['vfscore.vfscore_automount', 'ukconsole_ns16550.com_init']],
      ['VERIFY_ORDER', ['ukbus.uk_bus_lib_init', 'devfs.devfs_register_stdout']],
    ]);
  });

  it('names the init function whose call line was dropped', () => {
    const all = lines(text).filter((l) => !l.includes('Call init function: 0x117d60')); // devfs_automount
    const report = verify(all.join('\n'));
    expect(report.diagnostics.map((d) => [d.code, d.subjects])).toEqual([['VERIFY_NOT_RUN', ['devfs.devfs_automount']]]);
  });

  it('sees term functions run in table order instead of reverse', () => {
    const all = lines(text);
    const a = indexOf(all, 'Call term function: 0x120d10');
    [all[a], all[a + 1]] = [all[a + 1]!, all[a]!];
    expect(errors(verify(all.join('\n'))).map((d) => d.code)).toEqual(['VERIFY_TERM_ORDER']);
  });

  it('follows a failing init function: the error, the teardown of what ran before it, nothing more', () => {
    const all = lines(text);
    const at = indexOf(all, 'Call init function: 0x117d60'); // devfs_automount, rootfs 5
    const failing = [
      ...all.slice(0, at + 1),
      '[    0.122085] ERR:  [libukboot] <boot.c @  385> Init function at 0x117d60 returned error -1\r',
      '[    0.122100] Info: [libukboot] <boot.c @  421> Halting system (3)\r',
      '[    0.122200] dbg:  [libukboot] <boot.c @  436> Call term function: 0x149050(0x10f94)...\r',
      '[    0.122300] Info: [libkvmplat] <shutdown.c @   59> Unikraft halted\r',
    ];
    const report = verify(failing.join('\n'));
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([['VERIFY_FAILED', 'error'], ['VERIFY_STOPPED', 'note']]);
    expect(report.summary).toMatchObject({ missing: 0, terms: 1, termsMissing: 0 });
    expect(report.summary.notReached).toBe(6); // tty, environ, 3 uktest entries, main
  });

  it('without the symbol map says the calls cannot be named', () => {
    const report = verify(text, false);
    expect(errors(report).map((d) => d.code)).toEqual(['VERIFY_UNNAMED']);
    expect(report.summary).toMatchObject({ mapped: 1, missing: 0 }); // main prints its name
  });
});
