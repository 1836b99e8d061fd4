/**
 * The shapes that once grew superlinearly (issue 14), at sizes that took minutes (or ran out of
 * memory) while they did: each must finish with the right verdict. No timings are asserted; the
 * benchmark measures them (bench/run.mjs, shape rows).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script of the benchmark, no types
import { shapePlan } from '../../bench/shapes.mjs';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const plan = (shape: string, n: number): string => {
  const path = join(dir, `${shape}-${n}.yaml`);
  writeFileSync(path, (shapePlan as (s: string, n: number) => string)(shape, n));
  return path;
};

describe('superlinear shapes', { timeout: 240_000 }, () => {
  it('a chain of 20,000 `after` at one key: 19,999 races whose witnesses replay', () => {
    // Was 60 s and 4.3 GB, then an abort: every race held its own 20k-id order.
    const file = plan('after-chain', 20_000);
    const r = bootplan('check', '--format', 'json', file);
    expect(r.code).toBe(1);
    const [out] = JSON.parse(r.stdout);
    expect(out.errorCount).toBe(19_999);
    const last = out.messages.find((d: { subjects: string[] }) => d.subjects[0] === 'lib.f19999');
    expect(last.witness).toEqual({ expect: { kind: 'order', entry: 'lib.f19999', first: 'lib.f19998' }, move: { entry: 'lib.f19999', before: 'lib.f19998' } });
    const witness = join(dir, 'w.json');
    writeFileSync(witness, JSON.stringify(last));
    const run = bootplan('run', file, '--link-order', `witness:${witness}`);
    const calls = run.stdout.split('\n').filter((l) => /Call init function: f1999[89]\(/.test(l));
    expect(calls.map((l) => /f\d+/.exec(l.slice(l.indexOf('function:')))![0])).toEqual(['f19999', 'f19998']);
  });

  it('150,000 registrations of one function: 149,999 duplicate-registration errors, every one with --max-findings all, 100,000 and a count by default', () => {
    // Was > 100 s: each copy probed `#2`, `#3`, ... from the start. Then an internal error past
    // ~120,000 findings (`push(...findings)` passes each as an argument: "Maximum call stack
    // size exceeded"), and at a million the report was one string past V8's limit.
    const file = plan('duplicates', 150_000);
    const r = bootplan('check', '--format', 'json', '--max-findings', 'all', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const [out] = JSON.parse(r.stdout);
    const duplicates = out.messages.filter((d: { code: string }) => d.code === 'duplicate-registration');
    expect(duplicates).toHaveLength(149_999);
    expect(duplicates.map((d: { subjects: string[] }) => d.subjects[0])).toContain('lib.f#150000');
    const sarif = join(dir, 'dup.sarif');
    const s = bootplan('check', '--format', 'sarif', file, '-o', sarif);
    expect(s.code).toBe(1);
    const results = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results as Array<{ ruleId: string; message: { text: string } }>;
    expect(results.filter((x) => x.ruleId === 'duplicate-registration')).toHaveLength(100_000);
    const capped = results.filter((x) => x.ruleId === 'findings-capped');
    expect(capped).toHaveLength(1);
    expect(capped[0]!.message.text).toContain('149,999 duplicate-registration findings in this plan: the first 100,000 are listed, the 49,999 from here on are only counted');
  });

  it('compile -o and run --trace of 100,000 tiny initcalls write whole documents', () => {
    // A million made `compile -o` an internal error (`Invalid string length`: the JSON was one
    // string); the document is now written in chunks (json-stream.prop.test.ts writes one past
    // the string limit). 100,000 keeps this test to seconds on a shared machine.
    const file = plan('tiny', 100_000);
    const out = join(dir, 'tiny.json');
    const r = bootplan('compile', file, '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const compiled = JSON.parse(readFileSync(out, 'utf8'));
    expect(compiled.entries).toHaveLength(100_001);
    expect(compiled.order.at(-1)).toBe('app.main');
    const trace = join(dir, 'tiny.jsonl');
    const boot = bootplan('run', file, '--console', join(dir, 'tiny.console'), '--trace', trace);
    expect(boot.code).toBe(0);
    const lines = readFileSync(trace, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.filter((l) => l.includes('"f99999"')).length).toBeGreaterThan(0);
  });
});
