/**
 * Diagnostics that help the first time (issue 11): root causes first with their consequences
 * folded under them, no hint the rest of the plan makes impossible, every independent error in
 * one run despite a schema error, carets on the field at fault, machine-applicable fixes and
 * `check --fix`, `check --watch`. Run through the CLI (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join('test', 'fixtures', 'diagnostics');

function bootplan(args: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Message {
  code: string;
  severity: string;
  message: string;
  hint?: string;
  location?: { line: number; column: number; endLine?: number; endColumn?: number };
  cause?: { code: string; message: string; location?: { line: number } };
  witness?: unknown;
}

function messages(plan: string): Message[] {
  const r = bootplan(['check', '--format', 'json', join(FIXTURES, plan)]);
  return (JSON.parse(r.stdout) as Array<{ messages: Message[] }>)[0]!.messages;
}

describe('root causes first', () => {
  it('a cycle comes before the races between its entries, and they carry no priority hint', () => {
    const m = messages('cycle-with-races.yaml');
    expect(m.map((d) => d.code)).toEqual(['cycle', 'race', 'race']);
    expect(m[0]!.cause).toBeUndefined();
    for (const race of m.slice(1)) {
      expect(race.cause).toEqual({ code: 'cycle', message: m[0]!.message, location: m[0]!.location });
      expect(race.hint).not.toMatch(/prio: after|prio: before/);
      expect(race.hint).toMatch(/break the cycle/);
    }
    const pretty = bootplan(['check', join(FIXTURES, 'cycle-with-races.yaml')]);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).not.toContain('prio: after(');
    // One block: the races are folded under the cycle, not blocks of their own.
    expect(pretty.stdout.split('\n\n')).toHaveLength(2);
    expect(pretty.stdout.match(/= follows from it: error\[race\]/g)).toHaveLength(2);
    expect(pretty.stdout).toContain('3 errors, 0 warnings');
  });

  it('a bus probe the build drops explains the mount that fails, without "add the bus probe"', () => {
    const m = messages('dropped-bus-probe.yaml');
    expect(m.map((d) => d.code)).toEqual(['unknown-level', 'mount-source-missing']);
    expect(m[1]!.cause?.code).toBe('unknown-level');
    expect(m[1]!.hint).not.toMatch(/add the bus probe/);
    expect(m[1]!.hint).toContain('ukbus.uk_bus_lib_init would provide `dev:fs0`, but the build drops it');
  });

  it('one missing provider is one root cause: the first use, the others folded under it', () => {
    const m = messages('missing-provider.yaml');
    expect(m.map((d) => [d.code, d.location?.line, d.cause?.location?.line])).toEqual([
      ['capability-never-provided', 9, undefined],
      ['capability-never-provided', 12, 9],
      ['capability-never-provided', 14, 9],
    ]);
    // The advice is said once, by the root.
    expect(m[0]!.hint).toContain('add an entry that provides `fdtab`');
    expect(m[1]!.hint).toBeUndefined();
  });

  it('an entry that fails comes before the race on what it provides', () => {
    const m = messages('failing-provider.yaml');
    expect(m.map((d) => d.code)).toEqual(['entry-fails', 'race']);
    expect(m[1]!.cause?.code).toBe('entry-fails');
  });

  it('the witness numbers still count every witness in JSON order, folded or not', () => {
    const pretty = bootplan(['check', join(FIXTURES, 'missing-provider.yaml')]).stdout;
    expect([...pretty.matchAll(/witness:w\.json#(\d)/g)].map((x) => x[1])).toEqual(['1', '2', '3']);
  });

  it('SARIF names the cause first among the related locations', () => {
    const r = bootplan(['check', '--format', 'sarif', join(FIXTURES, 'cycle-with-races.yaml')]);
    const results = (JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ message: { text: string } }>; properties?: { cause?: { ruleId: string } } }> }> }).runs[0]!.results;
    expect(results.map((x) => x.ruleId)).toEqual(['cycle', 'race', 'race']);
    expect(results[1]!.relatedLocations![0]!.message.text).toMatch(/^follows from cycle: dependency cycle/);
    expect(results[1]!.properties?.cause?.ruleId).toBe('cycle');
  });
});

describe('every independent error in one run', () => {
  it('a schema error in one entry leaves only that entry out: the other libraries are still checked', () => {
    const r = bootplan(['check', '--format', 'json', join(FIXTURES, 'schema-error-and-races.yaml')]);
    expect(r.code).toBe(2); // an input error is still an input error
    const m = (JSON.parse(r.stdout) as Array<{ messages: Array<Message & { related?: Array<{ message: string }> }> }>)[0]!.messages;
    expect(m.map((d) => [d.code, d.location?.line, d.cause?.code])).toEqual([
      ['unknown-key', 10, undefined],
      ['capability-never-provided', 13, 'unknown-key'],
      ['unknown-entry-ref', 13, 'unknown-key'],
      ['pre-init-use', 16, undefined],
      ['race', 28, undefined],
    ]);
    expect(m[0]!.related?.map((x) => x.message)).toContain('this entry is left out of the check; the rest of the plan is checked without it');
    expect(m[1]!.hint).toBe('posix-fdtab.init_posix_fdtab would provide `fdtab`, but it is left out of the check for its input error: fix that above');
  });

  it('an input error outside every entry says the boot order was not checked', () => {
    const r = bootplan(['check', join(FIXTURES, 'schema-error-outside-entries.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('the boot order was not checked');
    expect(r.stdout).not.toContain('pre-init-use');
  });

  it('commands that act on the plan still refuse it whole', () => {
    const r = bootplan(['compile', join(FIXTURES, 'schema-error-and-races.yaml')]);
    expect(r.code).toBe(2);
  });
});

describe('carets on the field at fault', () => {
  it('a use points at the capability in `uses`, in flow and in block style; the provider note at its `provides`', () => {
    const m = messages('schema-error-and-races.yaml');
    const text = readFileSync(join(FIXTURES, 'schema-error-and-races.yaml'), 'utf8').split('\n');
    const at = (d: Message) => text[d.location!.line - 1]!.slice(d.location!.column - 1, d.location!.endColumn! - 1);
    expect(at(m.find((d) => d.code === 'pre-init-use')!)).toBe('alloc');
    expect(at(m.find((d) => d.code === 'race')!)).toBe('netstack');
    expect(at(m.find((d) => d.code === 'unknown-entry-ref')!)).toBe('posix-fdtab.init_posix_fdtab');
    const pretty = bootplan(['check', join(FIXTURES, 'cycle-with-races.yaml')]).stdout;
    // The cycle's frame underlines the use its first step names, not the 100-column entry.
    expect(pretty).toMatch(/> 14 \| .*uses: \[socket-families\].*\n\s+\|\s+\^{15}\n/);
    // The race's note on its provider points at the provider's `provides: [netstack]`.
    expect(bootplan(['check', join(FIXTURES, 'schema-error-and-races.yaml')]).stdout).toContain('lwip.liblwip_init (lib 3): provided here (test/fixtures/diagnostics/schema-error-and-races.yaml:22:20)');
  });
});
