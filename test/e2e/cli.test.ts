/** The CLI as a user runs it: the built bin/bootplan, real files, exit codes, outputs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const HEAD = 'bootplan: 1\nname: e2e\nprofile: unikraft@0.17\ntarget: qemu/x86_64\n';
const CLEAN = `${HEAD}libraries:
  ukrandom:
    initcalls:
      - { fn: uk_random_init, level: early, prio: 9, uses: [alloc], provides: [random] }
  app:
    main: { uses: [random] }
`;
const RACE = `${HEAD}libraries:
  posix-fdtab:
    initcalls:
      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab] }
  posix-socket:
    initcalls:
      - { fn: init_sockets, level: lib, prio: 0, uses: [fdtab] }
`;

describe('bootplan check', () => {
  it('exits 0 on the bundled example and says so', () => {
    const r = bootplan('check', 'specs/plans/unikraft/helloworld.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no problems found/);
  });

  it('exits 1 with a code frame at the line to change', () => {
    const plan = write('race.yaml', RACE);
    const r = bootplan('check', plan);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[race]');
    // The caret is on the use at fault (`fdtab`), not the whole entry.
    expect(r.stdout).toContain(`${plan}:11:57`);
    expect(r.stdout).toMatch(/> 11 \|\s+- \{ fn: init_sockets/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour off a TTY
  });

  it('warnings pass unless --strict', () => {
    const plan = write('warn.yaml', `${HEAD}libraries:\n  lwip:\n    initcalls:\n      - { fn: liblwip_init, level: lib, provides: [netstack] }\n`);
    expect(bootplan('check', plan).code).toBe(0);
    expect(bootplan('check', '--strict', plan).code).toBe(1);
  });

  it('--format json carries the witness', () => {
    const r = bootplan('check', '--format', 'json', write('race2.yaml', RACE));
    expect(r.code).toBe(1);
    const [out] = JSON.parse(r.stdout);
    expect(out).toMatchObject({ filePath: join(dir, 'race2.yaml'), errorCount: 1, warningCount: 0, noteCount: 0 });
    const d = out.messages[0];
    expect(d.code).toBe('race');
    expect(d.location).toMatchObject({ line: 11, column: 57, endLine: 11, endColumn: 62 });
    expect(d.witness.expect).toEqual({ kind: 'fault', entry: 'posix-socket.init_sockets', capability: 'fdtab' });
    // The JSON form: the plan's default order with the user moved before its provider.
    expect(d.witness.move).toEqual({ entry: 'posix-socket.init_sockets', before: 'posix-fdtab.init_posix_fdtab' });
    expect(d.witness.order).toBeUndefined();
  });

  it('--format sarif is SARIF 2.1.0 with rule ids, regions and the witness', () => {
    const r = bootplan('check', '--format', 'sarif', write('race3.yaml', RACE));
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [result] = log.runs[0].results;
    expect(result.ruleId).toBe('race');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 11, startColumn: 57, endColumn: 62 });
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/race3\.yaml$/);
    expect(result.properties.witness.move).toEqual({ entry: 'posix-socket.init_sockets', before: 'posix-fdtab.init_posix_fdtab' });
    expect(log.runs[0].tool.driver.rules[0].id).toBe('race');
  });

  it('bad input exits 2 with a located message and no stack trace', () => {
    for (const [name, text] of [['syntax.yaml', `${HEAD}libraries: [\n`], ['proto.yaml', `${HEAD}__proto__: 1\n`]] as const) {
      const r = bootplan('check', write(name, text));
      expect(r.code, name).toBe(2);
      expect(r.stdout).toMatch(new RegExp(`${name}:\\d+:\\d+`));
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    }
    const missing = bootplan('check', join(dir, 'absent.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/absent\.yaml:1:1/);
  });

  it('usage errors exit 2', () => {
    expect(bootplan('check').code).toBe(2);
    expect(bootplan('check', '--format', 'xml', 'specs/plans/unikraft/helloworld.yaml').code).toBe(2);
    expect(bootplan('no-such-command').code).toBe(2);
  });
});

describe('bootplan compile', () => {
  it('writes the compiled plan whole: entries with keys, edges with reasons, the order', () => {
    const out = join(dir, 'out.json');
    const r = bootplan('compile', write('clean.yaml', CLEAN), '-o', out);
    expect(r.code).toBe(0);
    const compiled = JSON.parse(readFileSync(out, 'utf8'));
    expect(compiled.profile).toBe('unikraft@0.17');
    const random = compiled.entries.find((e: { id: string }) => e.id === 'ukrandom.uk_random_init');
    expect(random).toMatchObject({ level: 'early', prio: 9, table: 'inittab' });
    expect(compiled.graph.edges).toContainEqual({ from: 'core.alloc', to: 'ukrandom.uk_random_init', reason: { kind: 'uses', capability: 'alloc' }, status: 'proven' });
    expect(compiled.order.indexOf('core.sched')).toBeLessThan(compiled.order.indexOf('ukrandom.uk_random_init'));
  });

  it('writes nothing when the plan cannot be compiled', () => {
    const out = join(dir, 'never.json');
    const r = bootplan('compile', write('broken.yaml', `${HEAD}libraries: [`), '-o', out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('--graphlib writes a graph graphlib reads back', async () => {
    const out = join(dir, 'g.json');
    expect(bootplan('compile', write('clean2.yaml', CLEAN), '--graphlib', '-o', out).code).toBe(0);
    const { json, alg } = await import('@dagrejs/graphlib');
    const g = json.read(JSON.parse(readFileSync(out, 'utf8')));
    expect(g.hasNode('ukrandom.uk_random_init')).toBe(true);
    expect(alg.isAcyclic(g)).toBe(true);
  });
});

describe('bootplan graph, explain, schema', () => {
  it('graph marks failing edges', () => {
    const plan = write('race4.yaml', RACE);
    const dot = bootplan('graph', plan).stdout;
    expect(dot).toMatch(/^digraph/);
    expect(dot).toMatch(/"posix-fdtab.init_posix_fdtab" -> "posix-socket.init_sockets" \[label="fdtab \(RACE\)", color="orange"/);
    const mermaid = bootplan('graph', plan, '--format', 'mermaid').stdout;
    expect(mermaid).toMatch(/^flowchart LR/);
    expect(mermaid).toMatch(/linkStyle \d+ stroke:orange/);
  });

  it('explain prints the doc and both examples; unknown codes suggest', () => {
    const r = bootplan('explain', 'term-order');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/unikraft#1210/);
    expect(r.stdout).toMatch(/Fails:[\s\S]*Fixed:/);
    const bad = bootplan('explain', 'term-ordr');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean "term-order"/);
    expect(bootplan('explain').stdout.split('\n').length).toBeGreaterThan(25);
  });

  it('schema prints the plan and profile schemas', () => {
    expect(JSON.parse(bootplan('schema').stdout).$id).toMatch(/plan\.schema\.json$/);
    expect(JSON.parse(bootplan('schema', 'profile').stdout).$id).toMatch(/profile\.schema\.json$/);
    expect(bootplan('schema', 'nope').code).toBe(2);
  });
});

describe('bootplan explain for verify codes', () => {
  it('prints the doc of a VERIFY_ code', () => {
    const r = bootplan('explain', 'VERIFY_ORDER');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/VERIFY_ORDER \(error, bootplan verify\)/);
  });

  it('the list without a code has every VERIFY_* and IMPORT_* code, a line each with its severity', async () => {
    const list = bootplan('explain').stdout;
    const { VERIFY_CODES } = await import('../../traces/verify/verify-codes.js');
    const { IMPORT_CODES } = await import('../../import/codes.js');
    const verify = list.slice(list.indexOf('bootplan verify reports:'), list.indexOf('bootplan import reports:'));
    for (const [code, { severity }] of Object.entries(VERIFY_CODES)) expect(verify).toMatch(new RegExp(`^${code} +${severity} +\\S`, 'm'));
    for (const [code, { severity }] of Object.entries(IMPORT_CODES)) expect(list.slice(list.indexOf('bootplan import reports:'))).toMatch(new RegExp(`^${code} +${severity} +\\S`, 'm'));
  });
});
