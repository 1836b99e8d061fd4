/** bootplan analyze over many boots and --merge, as a user runs them, on jittered copies of the real Linux log. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-boots-'));
const plan = join(dir, 'linux.yaml');
const logs: string[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const traces = (files: string[]) => files.flatMap((f) => ['--trace', f]);
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true })
  .compile(JSON.parse(readFileSync(join(process.cwd(), 'schemas', 'boots.schema.json'), 'utf8')));

interface Hist { count: number; min: number; max: number; max_file: string; p50: number; p90: number; p99: number }
interface Summary { kind: string; boots: number; total: Hist; entries: Record<string, Hist & { failed?: number }>; phases: Array<Hist & { phase: string }>; unreadable: Array<{ file: string; reason: string }> }

beforeAll(() => {
  expect(bootplan('import', 'linux', '--system-map', join(FIXTURES, 'linux-6.1', 'System.map'), '-o', plan).code).toBe(0);
  const text = readFileSync(join(FIXTURES, 'linux-6.1', 'initcall_debug.log'), 'utf8');
  // Boot k: crypto_algapi_init takes k ms longer than in the real log.
  for (let k = 0; k < 20; k++) {
    const file = join(dir, `boot-${String(k).padStart(2, '0')}.log`);
    writeFileSync(file, text.replace('crypto_algapi_init+0x0/0x7e returned 0 after 398730 usecs', `crypto_algapi_init+0x0/0x7e returned 0 after ${398730 + k * 1000} usecs`));
    logs.push(file);
  }
});

describe('bootplan analyze over many boots', () => {
  it('expands a quoted glob itself (--trace \'DIR/*.log\'), the same boots in the same order', () => {
    const globbed = bootplan('analyze', plan, '--trace', join(dir, 'boot-*.log'), '--format', 'json', '--jobs', '1');
    const listed = bootplan('analyze', plan, ...traces(logs), '--format', 'json', '--jobs', '1');
    expect(globbed.code).toBe(0);
    expect(globbed.stdout).toBe(listed.stdout);
    expect((JSON.parse(globbed.stdout) as Summary).boots).toBe(20);
    const none = bootplan('analyze', plan, '--trace', join(dir, 'nothing-*.log'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no trace matches/);
  });

  it('gives per-entry percentiles and names the slowest boot', () => {
    const r = bootplan('analyze', plan, ...traces(logs), '--format', 'json', '--jobs', '2');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(validate(s), JSON.stringify(validate.errors)).toBe(true);
    expect(s).toMatchObject({ kind: 'boots', boots: 20, unreadable: [] });
    const crypto = s.entries['crypto_algapi.crypto_algapi_init']!;
    expect(crypto).toMatchObject({ count: 20, min: 398_730_000, max: 417_730_000, max_file: logs[19] });
    // The median of 398.73 … 417.73 ms is 407.73 ms (boot 09); the histogram reads it within 1/16.
    expect(Math.abs(crypto.p50 - 407_730_000) / 407_730_000).toBeLessThan(1 / 16);
    expect(crypto.p99).toBeGreaterThanOrEqual(crypto.p90);
    const acpi = s.entries['acpi.acpi_init']!;
    expect(acpi).toMatchObject({ min: 204_000_000, max: 204_000_000, max_file: logs[0] });
    expect(s.entries['unpopulated_alloc.unpopulated_init']!.failed).toBe(20);
    expect(s.phases.map((p) => p.phase)).toContain('initcalls.device');
    expect(Object.keys(s.entries)).toHaveLength(670);
  });

  it('prints the same summary whatever the number of worker threads, and takes a shell glob after one --trace', () => {
    const one = bootplan('analyze', plan, '--trace', ...logs, '--jobs', '1');
    const two = bootplan('analyze', plan, ...traces(logs), '--jobs', '2');
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('20 boots');
    expect(one.stdout).toMatch(/crypto_algapi\.crypto_algapi_init {2}\(max in .*boot-19\.log\)/);
  });

  it('merges shard summaries into exactly the summary of one run over all logs', () => {
    const whole = bootplan('analyze', plan, ...traces(logs), '--format', 'json').stdout;
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    expect(bootplan('analyze', plan, ...traces(logs.slice(0, 7)), '--format', 'json', '-o', a).code).toBe(0);
    expect(bootplan('analyze', plan, ...traces(logs.slice(7)), '--format', 'json', '-o', b).code).toBe(0);
    const merged = bootplan('analyze', '--merge', b, a, '--format', 'json');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole);
  });

  it('lists logs it cannot read, exits 1, and still summarises the rest', () => {
    const junk = join(dir, 'junk.log');
    writeFileSync(junk, 'not a boot log\n');
    const r = bootplan('analyze', plan, ...traces([logs[0]!, junk, join(dir, 'missing.log')]), '--format', 'json');
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.boots).toBe(1);
    expect(s.unreadable.map((u) => u.file)).toEqual([junk, join(dir, 'missing.log')]);
    const none = bootplan('analyze', plan, ...traces([junk, junk]));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no log could be read');
  });

  it('draws the histograms as SVG: the whole boot, every phase, the slowest entries', () => {
    const r = bootplan('analyze', plan, '--trace', ...logs, '--format', 'svg', '--rows', '12');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const rows = r.stdout.match(/<g><title>/g)!.length;
    const phases = (JSON.parse(bootplan('analyze', plan, '--trace', ...logs, '--format', 'json').stdout) as Summary).phases.length;
    expect(rows).toBe(1 + phases + 12);
    expect(r.stdout).toMatch(/<title>crypto_algapi\.crypto_algapi_init: median [^<]*, max 417\.7 ms \([^)]*boot-19\.log\), 20 boots<\/title>/);
  });

  it('refuses what it cannot do with exit 2', () => {
    expect(bootplan('analyze', plan, ...traces(logs.slice(0, 2)), '--format', 'html').code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"bootplan":1,"kind":"analysis"}');
    const r = bootplan('analyze', '--merge', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a summary of boots');
    expect(bootplan('analyze').code).toBe(2);
    expect(bootplan('analyze', plan, '--trace', ...logs.slice(0, 2), '--symbols', join(dir, 'no-such-nm.txt')).code).toBe(2);
  });
});
