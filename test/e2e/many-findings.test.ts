/**
 * A plan with thousands of findings, as a user meets it: pretty output prints the first ones and
 * counts the rest, JSON lists every one at the same positions, and both come from one js-yaml
 * positions pass (the bench times this at 100,000 warnings).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the bench, without types
import { generatePlan } from '../../bench/generate.mjs';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const N = 3000;
const plan = join(dir, 'warnings.yaml');
writeFileSync(plan, (generatePlan as (n: number, o: { warnings: boolean }) => string)(N, { warnings: true }));

type JsonReport = Array<{ filePath: string; messages: Array<{ code: string; message: string; location: { line: number; column: number; endLine?: number; endColumn?: number } }> }>;

describe('check on a plan with a warning per entry', () => {
  it('pretty: the first 200 with their code frames, then a count of the rest and the full summary; exit 0', () => {
    const r = bootplan('check', plan);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^warning\[unused-capability\]/gm)).toHaveLength(200);
    expect(r.stdout).toContain(`… and ${N - 200} more findings not shown (${N - 200} warnings)`);
    expect(r.stdout.trimEnd().endsWith(`0 errors, ${N} warnings in ${plan}`)).toBe(true);
  });

  it('--max-shown N and all; a bad value is a usage error', () => {
    expect(bootplan('check', '--max-shown', '3', plan).stdout.match(/^warning\[/gm)).toHaveLength(3);
    const all = bootplan('check', '--max-shown', 'all', plan);
    expect(all.stdout.match(/^warning\[/gm)).toHaveLength(N);
    expect(all.stdout).not.toContain('not shown');
    const bad = bootplan('check', '--max-shown', 'many', plan);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-shown');
  });

  it('JSON lists every warning, each at the line of its `provides` and the same place pretty shows', () => {
    const out = join(dir, 'report.json');
    expect(bootplan('check', '--format', 'json', plan, '-o', out).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    const found = report[0]!.messages;
    expect(found).toHaveLength(N);
    const lines = readFileSync(plan, 'utf8').split('\n');
    for (const d of found) {
      const spare = /provides `([^`]+)`/.exec(d.message)![1]!;
      const line = lines[d.location.line - 1]!;
      expect(line.slice(d.location.column - 1)).toMatch(/^\[/);
      expect(line).toContain(spare);
      expect(d.location.endLine).toBe(d.location.line);
    }
    const first = found[0]!.location;
    expect(bootplan('check', plan).stdout).toContain(`${plan}:${first.line}:${first.column}`);
  });
});
