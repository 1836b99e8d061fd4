/** bootplan analyze as a user runs it: on the real Linux 6.1 log, on bundled plans, on bad input. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');
const LINUX_LOG = join(FIXTURES, 'linux-6.1', 'initcall_debug.log');
const NGINX = join(process.cwd(), 'specs', 'plans', 'unikraft', 'nginx.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-analyze-'));
const linuxPlan = join(dir, 'linux.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  expect(bootplan('import', 'linux', '--system-map', join(FIXTURES, 'linux-6.1', 'System.map'), '-o', linuxPlan).code).toBe(0);
});

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
  .compile(JSON.parse(readFileSync(join(process.cwd(), 'schemas', 'analysis.schema.json'), 'utf8')));

interface Row { entry: string; start: number; duration: number; kind: string; phase: string; failed?: true; rc?: number; slack: number; needed_by: string | null }
interface Report { source: string; format: string; total: number; blame: Row[]; critical_chain: Row[]; critical_chain_ends: string; defer: Row[]; phases: Array<{ phase: string; start: number; end: number; duration: number; observed: boolean; entries: number }>; outcome: { target: string; reason?: string } | null }

function json(...args: string[]): Report {
  const r = bootplan('analyze', ...args, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
}

describe('bootplan analyze on the real Linux 6.1 initcall_debug log', () => {
  it('prints the blame list, slowest first, with the durations the log reports', () => {
    const r = bootplan('analyze', linuxPlan, '--trace', LINUX_LOG);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Blame'));
    expect(lines[at]).toBe('Blame (slowest first, 10 of 670):');
    // `initcall crypto_algapi_init+0x0/0x7e returned 0 after 398730 usecs`, called at 2.661664.
    expect(lines[at + 1]).toMatch(/^\s+398\.7 ms\s+@2\.662 s\s+crypto_algapi\.crypto_algapi_init\s+\(initcalls\.late\)$/);
    expect(lines[at + 2]).toContain('acpi.acpi_init');
    expect(r.stdout).toContain('ended in CRASH (Kernel panic: VFS: Unable to mount root fs on unknown-block(0,0))');
    expect(r.stdout).toMatch(/\n {2}initcalls\.device\s+2\.135 s\s+358\.4 ms/);
  });

  it('writes JSON that the schema accepts: blame, critical chain, defer candidates, phases', () => {
    const report = json(linuxPlan, '--trace', LINUX_LOG);
    expect(report).toMatchObject({ source: 'trace', format: 'linux', total: 3091240, outcome: { target: 'CRASH' } });
    expect(report.blame).toHaveLength(670);
    expect(report.blame[0]).toMatchObject({ entry: 'crypto_algapi.crypto_algapi_init', start: 2661664, duration: 398730, phase: 'initcalls.late' });
    for (let i = 1; i < report.blame.length; i++) expect(report.blame[i]!.duration).toBeLessThanOrEqual(report.blame[i - 1]!.duration);
    expect(report.blame.filter((r) => r.failed)).toHaveLength(49);
    expect(report.blame.find((r) => r.entry.endsWith('.unpopulated_init'))).toMatchObject({ failed: true, rc: -19 });
    // The imported plan declares no requirements: no chain longer than one entry, everything deferrable.
    expect(report.critical_chain_ends).toBe('longest');
    expect(report.critical_chain.map((r) => r.entry)).toEqual(['crypto_algapi.crypto_algapi_init']);
    expect(report.defer).toHaveLength(669);
    const phases = report.phases.map((p) => p.phase);
    expect(phases.filter((p) => p.startsWith('initcalls.'))).toEqual([
      'initcalls.console', 'initcalls.early', 'initcalls.pure', 'initcalls.core', 'initcalls.core_sync', 'initcalls.postcore', 'initcalls.arch',
      'initcalls.subsys', 'initcalls.subsys_sync', 'initcalls.fs', 'initcalls.fs_sync', 'initcalls.rootfs', 'initcalls.device', 'initcalls.device_sync',
      'initcalls.late', 'initcalls.late_sync',
    ]);
    expect(report.phases[0]).toMatchObject({ start: 0, end: 416903, observed: false });
    expect(report.phases.find((p) => p.phase === 'initcalls.device')!.entries).toBe(203);
    expect(report.phases.reduce((t, p) => t + p.entries, 0)).toBe(670);
    expect(report.phases.at(-1)!.end).toBe(report.total);
    for (let i = 1; i < report.phases.length; i++) expect(report.phases[i]!.start).toBe(report.phases[i - 1]!.end);
  });

  it('draws the timeline as SVG: a row per initcall, not blank when rendered', () => {
    const out = join(dir, 'linux.svg');
    const r = bootplan('analyze', linuxPlan, '--trace', LINUX_LOG, '--format', 'svg', '-o', out);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g><title>/g)).toHaveLength(670);
    expect(svg).toContain('crypto_algapi.crypto_algapi_init (initcall, initcalls.late) @2.662 s +398.7 ms');
    const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
    expect(image.width).toBe(1400);
    expect(image.height).toBeGreaterThan(670 * 13);
    const pixels = image.pixels;
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200 && pixels[i + 3]! > 0) coloured++;
    expect(coloured).toBeGreaterThan(5000);
  });

  it('keeps the slowest rows and the chain with --rows, the rest on one row', () => {
    const r = bootplan('analyze', linuxPlan, '--trace', LINUX_LOG, '--format', 'svg', '--rows', '20');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/<g><title>/g)).toHaveLength(20);
    expect(r.stdout).toContain('… 651 shorter spans');
  });

  it('writes Chrome trace-event JSON: one complete event per initcall, the phases on their own track', () => {
    const r = bootplan('analyze', linuxPlan, '--trace', LINUX_LOG, '--format', 'chrome-trace');
    expect(r.code).toBe(0);
    const trace = JSON.parse(r.stdout) as { traceEvents: Array<{ name: string; ph: string; ts?: number; dur?: number; tid: number; pid: number; cat?: string }> };
    const complete = trace.traceEvents.filter((e) => e.ph === 'X');
    const boot = complete.filter((e) => e.tid === 1);
    expect(boot).toHaveLength(670);
    expect(boot.find((e) => e.name === 'crypto_algapi.crypto_algapi_init')).toMatchObject({ ts: 2661664, dur: 398730, pid: 1 });
    for (const e of complete) expect(Number.isFinite(e.ts) && Number.isFinite(e.dur) && e.dur! >= 0).toBe(true);
    expect(complete.filter((e) => e.tid === 2).map((e) => e.name)).toContain('initcalls.device');
    expect(trace.traceEvents.find((e) => e.ph === 'i')).toMatchObject({ name: 'CRASH' });
  });
});

describe('bootplan analyze on bundled plans', () => {
  it('lays out the declared costs without a trace, and measures the same from the emulated trace', () => {
    const declared = json(NGINX);
    expect(declared).toMatchObject({ source: 'declared', format: 'declared', critical_chain_ends: 'main' });
    expect(declared.critical_chain.at(-1)!.entry).toBe('nginx.main');
    const trace = join(dir, 'nginx.jsonl');
    expect(bootplan('run', NGINX, '--trace', trace, '--console', join(dir, 'nginx.log')).code).toBe(0);
    const measured = json(NGINX, '--trace', trace);
    expect(measured.source).toBe('trace');
    expect(measured.critical_chain.map((r) => [r.entry, r.start, r.duration])).toEqual(declared.critical_chain.map((r) => [r.entry, r.start, r.duration]));
    expect(measured.blame.slice(0, 5).map((r) => r.entry)).toEqual(declared.blame.slice(0, 5).map((r) => r.entry));
  });

  it('reads the real Unikraft console with its symbols', () => {
    const plan = join(dir, 'uk.yaml');
    const nm = join(FIXTURES, 'unikraft-0.17-rich', 'nm.txt');
    expect(bootplan('import', 'unikraft', '--nm', nm, '-o', plan).code).toBe(0);
    const report = json(plan, '--trace', join(FIXTURES, 'unikraft-0.17-rich', 'boot.log'), '--symbols', nm);
    expect(report.format).toBe('unikraft');
    expect(report.blame.filter((r) => r.kind !== 'step')).toHaveLength(18);
    expect(report.blame[0]!.entry).toBe('core.time');
    expect(report.critical_chain.at(-1)!.entry).toBe('app.main');
    expect(report.phases.map((p) => p.phase)).toContain('inittab.rootfs');
  });
});

describe('bootplan analyze on bad input', () => {
  it('refuses an unknown format, a missing trace, an unreadable trace and two traces with exit 2', () => {
    expect(bootplan('analyze', NGINX, '--format', 'gif').code).toBe(2);
    expect(bootplan('analyze', NGINX, '--trace', join(dir, 'nope.log')).code).toBe(2);
    const junk = join(dir, 'junk.log');
    writeFileSync(junk, 'hello\nworld\n');
    const r = bootplan('analyze', NGINX, '--trace', junk);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('neither bootplan JSON Lines');
    expect(bootplan('analyze', NGINX, '--trace', junk, '--trace', junk).code).toBe(2);
    expect(bootplan('analyze', NGINX, '--top', '0').code).toBe(2);
  });

  it('writes the report whole or not at all', () => {
    const out = join(dir, 'missing-dir', 'report.json');
    const r = bootplan('analyze', NGINX, '--format', 'json', '-o', out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
