/**
 * CI-grade use of the CLI (issue 11): folders and quoted globs as arguments, a grand total, JSON
 * per file against `bootplan schema report`, accepting findings on purpose (`# bootplan-allow:`,
 * the project config, --max-warnings, --strict that says why), and witnesses that replay as the
 * hint writes them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const CI = join('test', 'fixtures', 'ci');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-ci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bootplan(args: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface FileReport { filePath: string; errorCount: number; warningCount: number; noteCount: number; messages: Array<{ code: string; severity: string; witness?: { order: string[] } }>; suppressedMessages: Array<{ code: string }> }

describe('check: arguments as linters take them', () => {
  it('a folder checks every plan under it, skips the fragment with a note, and ends with the grand total', () => {
    const r = bootplan(['check', join(CI, 'plans')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✓ ${join(CI, 'plans', 'clean.yaml')}: no problems found`);
    expect(r.stdout).toContain('note[fragment]');
    expect(r.stdout).not.toContain('ignored.yaml');
    expect(r.stdout).not.toContain('bootplan.config.yaml');
    expect(r.stdout).toContain('Found 1 error in 1 file (3 plans checked).');
    expect(r.stdout).toMatch(/Errors {2}Warnings {2}File\n {5}1 {9}0 {2}test\/fixtures\/ci\/plans\/sub\/race\.yaml:12\n$/);
  });

  it('a file another plan of the run includes, with no `fragment: true`, is skipped through its includer; alone it is still bad input', () => {
    const dir = join(CI, 'included');
    const r = bootplan(['check', dir]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    // libs.yaml sorts first, but waits until main.yaml, which includes it, has been read.
    expect(r.stdout).toContain(`note[fragment]: included by ${join(dir, 'main.yaml')}, and no plan on its own: checked through the plans that include it\n  --> ${join(dir, 'libs.yaml')}:2:1`);
    expect(r.stdout.indexOf(`✓ ${join(dir, 'main.yaml')}: no problems found`)).toBeLessThan(r.stdout.indexOf('note[fragment]'));
    expect(r.stdout).toMatch(/✓ 2 plans checked: no errors or warnings\n$/);
    const json = JSON.parse(bootplan(['check', '--format', 'json', dir]).stdout) as Array<{ filePath: string; errorCount: number; noteCount: number }>;
    expect(json.map((f) => [f.filePath.endsWith('libs.yaml'), f.errorCount, f.noteCount])).toEqual([[true, 0, 1], [false, 0, 0]]);
    const alone = bootplan(['check', join(dir, 'libs.yaml')]);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toContain('error[schema]: the document is missing the required key "bootplan"');
  });

  it('a quoted glob is expanded by bootplan itself; one that matches nothing is a usage error (exit 2)', () => {
    const r = bootplan(['check', `${CI}/plans/**/[cr]*.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('clean.yaml: no problems found');
    expect(r.stdout).toContain('race.yaml:12:57');
    const none = bootplan(['check', `${CI}/plans/*.yml`]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`bootplan: no plan matches the pattern "${CI}/plans/*.yml"\n`);
  });

  it('the bundled plans folder checks clean (the catalog fragment skipped)', () => {
    const r = bootplan(['check', 'specs/plans']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ \d+ plans checked: no errors or warnings\n$/);
  });
});

describe('check --format json', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(bootplan(['schema', 'report']).stdout) as object);

  it('is an array of per-file reports with counts, valid against `bootplan schema report`', () => {
    const r = bootplan(['check', '--format', 'json', join(CI, 'plans'), join(CI, 'allow', 'allowed.yaml')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as FileReport[];
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.map((f) => [f.filePath, f.errorCount, f.warningCount, f.noteCount])).toEqual([
      [resolve(CI, 'plans', 'clean.yaml'), 0, 0, 0],
      [resolve(CI, 'plans', 'sub', 'catalog.yaml'), 0, 0, 1],
      [resolve(CI, 'plans', 'sub', 'race.yaml'), 1, 0, 0],
      [resolve(CI, 'allow', 'allowed.yaml'), 0, 1, 0],
    ]);
    expect(report[3]!.suppressedMessages.map((m) => m.code)).toEqual(['link-order-dependency']);
  });

  it('the schema command knows `report`', () => {
    expect(JSON.parse(bootplan(['schema', 'report']).stdout).$id).toMatch(/report\.schema\.json$/);
  });
});

describe('accepting a finding on purpose', () => {
  it('`# bootplan-allow: CODE` above an entry accepts its finding; an allow that accepts nothing is reported', () => {
    const warned = bootplan(['check', join(CI, 'allow', 'warned.yaml')]);
    expect(warned.stdout).toContain('warning[link-order-dependency]');
    const r = bootplan(['check', join(CI, 'allow', 'allowed.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('warning[link-order-dependency]');
    expect(r.stdout).toContain('warning[unused-allow]: `# bootplan-allow: link-order-dependency` accepts no finding');
    expect(r.stdout).toContain(`${join(CI, 'allow', 'allowed.yaml')}:9:81`);
    const [report] = JSON.parse(bootplan(['check', '--format', 'json', join(CI, 'allow', 'allowed.yaml')]).stdout) as FileReport[];
    expect(report!.messages.map((m) => m.code)).toEqual(['unused-allow']);
  });

  it('an allow with a misspelt code says which rule it meant, and --fix corrects the code instead of removing the allow', () => {
    const plan = join(CI, 'allow', 'misspelt.yaml');
    const [report] = JSON.parse(bootplan(['check', '--format', 'json', plan]).stdout) as Array<FileReport & { messages: Array<{ message: string; fixes?: Array<{ description: string; edits: Array<{ text: string }> }> }> }>;
    expect(report!.messages.map((m) => m.code)).toEqual(['unused-allow', 'race']);
    const allow = report!.messages[0]!;
    expect(allow.message).toBe('`# bootplan-allow: rase` accepts no finding: nothing here reports `rase`; did you mean `race`?');
    expect(allow.fixes?.map((f) => [f.description, f.edits.map((e) => e.text)])).toEqual([['write `race` for `rase` in the allow', ['race']]]);
    const dir = mkdtempSync(join(tmpdir(), 'bootplan-allow-'));
    try {
      const copy = join(dir, 'misspelt.yaml');
      const before = readFileSync(plan, 'utf8');
      writeFileSync(copy, before);
      const r = bootplan(['check', '--fix', copy]);
      expect([r.code, r.stdout]).toEqual([0, `✓ ${copy}: no problems found (1 finding accepted by \`# bootplan-allow:\`)\n`]);
      // Only the code changed: the priority the race's own fix would write is left as it was.
      expect(readFileSync(copy, 'utf8')).toBe(before.replace('# bootplan-allow: rase --', '# bootplan-allow: race --'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--strict fails on the unused allow and says which warning failed the run', () => {
    const r = bootplan(['check', '--strict', join(CI, 'allow', 'allowed.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bootplan: --strict: this warning fails the run: unused-allow at ${join(CI, 'allow', 'allowed.yaml')}:9\n`);
  });

  it('the bundled Linux plan allows its two intended warnings, so --strict passes', () => {
    const r = bootplan(['check', '--strict', 'specs/plans/linux/qemu-x86_64.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✓ specs/plans/linux/qemu-x86_64.yaml: no problems found (2 findings accepted by `# bootplan-allow:`)\n');
    const [report] = JSON.parse(bootplan(['check', '--format', 'json', 'specs/plans/linux/qemu-x86_64.yaml']).stdout) as FileReport[];
    expect(report!.suppressedMessages.map((m) => m.code)).toEqual(['link-order-dependency', 'link-order-dependency']);
  });

  it('--max-warnings N fails only past N warnings, and says so', () => {
    const plan = join(CI, 'allow', 'warned.yaml');
    expect(bootplan(['check', '--max-warnings', '1', plan]).code).toBe(0);
    const r = bootplan(['check', '--max-warnings', '0', plan]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bootplan: 1 warning, more than --max-warnings 0: link-order-dependency at ${plan}:12\n`);
    expect(bootplan(['check', '--max-warnings', 'x', plan]).code).toBe(2);
  });

  it('bootplan.config.yaml found upward sets rule severities; off drops the finding', () => {
    const r = bootplan(['check', join(CI, 'config', 'strict', 'warned.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[link-order-dependency]');
    const project = mkdtempSync(join(dir, 'project-'));
    cpSync(join(CI, 'allow', 'warned.yaml'), join(project, 'plans', 'deep', 'warned.yaml'), { recursive: true });
    writeFileSync(join(project, 'bootplan.config.yaml'), 'rules:\n  link-order-dependency: off\n');
    const off = bootplan(['check', '--strict', join(project, 'plans')]);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('no problems found');
  });

  it('a bad config is bad input (exit 2) at its line', () => {
    const r = bootplan(['check', join(CI, 'config', 'bad', 'warned.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`error[bad-config]: rule \`link-order-dependency\`: "loud" is not off, note, warning or error\n  --> ${join(CI, 'config', 'bad', '.bootplanrc.yaml')}:2:26`);
    expect(r.stdout).toContain('error[bad-config]: unknown rule `no-such-rule` in the config');
    const [report] = JSON.parse(bootplan(['check', '--format', 'json', join(CI, 'config', 'bad', 'warned.yaml')]).stdout) as FileReport[];
    expect(report!.messages.filter((m) => m.code === 'bad-config')).toHaveLength(2);
  });

  it('verify --strict fails on warnings and names them', () => {
    const args = ['verify', 'specs/plans/linux/qemu-x86_64.yaml', '--trace', join('..', 'shared', 'fixtures', 'linux-6.1', 'initcall_debug.log')];
    const r = bootplan([...args, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bootplan: --strict: (this warning fails|these \d+ warnings fail) the run: (\d+ )?VERIFY_UNPLANNED at \.\.\/shared\/fixtures\/linux-6\.1\/initcall_debug\.log:\d+/);
    expect(bootplan([...args, '--format', 'json']).stderr).toBe('');
  });
});

describe('witnesses that replay as written', () => {
  const plan = join(CI, 'plans', 'sub', 'race.yaml');

  it('the hint names the plan and witness:w.json#N, and pasted as printed it replays the fault', () => {
    const hint = /replay: bootplan check --format json (\S+) > w\.json; bootplan run (\S+) --link-order witness:w\.json#(\d+)\)/.exec(bootplan(['check', plan]).stdout);
    expect(hint?.slice(1)).toEqual([plan, plan, '1']);
    const work = mkdtempSync(join(dir, 'replay-'));
    const check = bootplan(['check', '--format', 'json', resolve(plan)], work);
    writeFileSync(join(work, 'w.json'), check.stdout);
    const r = bootplan(['run', resolve(plan), '--link-order', 'witness:w.json#1'], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fault in posix-socket\.init_sockets: `fdtab` does not exist yet/);
    expect(r.stderr).not.toContain('did not happen');
  });

  it('#N picks the N-th witness of a report of several plans; one past the end is bad-witness on stderr', () => {
    const other = join(dir, 'two-races.yaml');
    writeFileSync(other, readFileSync(plan, 'utf8').replace('name: ci-race', 'name: ci-race-2'));
    const w = join(dir, 'two.json');
    writeFileSync(w, bootplan(['check', '--format', 'json', plan, other]).stdout);
    const second = bootplan(['run', other, '--link-order', `witness:${w}#2`]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/fault in posix-socket\.init_sockets/);
    const past = bootplan(['run', other, '--link-order', `witness:${w}#3`]);
    expect(past.code).toBe(2);
    expect(past.stdout).toBe('');
    expect(past.stderr).toBe(`bootplan: ${w} holds 2 witnesses, not 3 [bad-witness]\n`);
  });

  it('a witness for another plan is refused (exit 2)', () => {
    const w = join(dir, 'race.json');
    writeFileSync(w, bootplan(['check', '--format', 'json', plan]).stdout);
    const r = bootplan(['run', 'specs/plans/unikraft/helloworld.yaml', '--link-order', `witness:${w}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[bad-witness]; replay it with that plan');
    // A bare witness names no plan: its entries must be the plan's.
    const [report] = JSON.parse(readFileSync(w, 'utf8')) as FileReport[];
    const bare = join(dir, 'bare.json');
    writeFileSync(bare, JSON.stringify(report!.messages[0]!.witness));
    const b = bootplan(['run', 'specs/plans/unikraft/helloworld.yaml', '--link-order', `witness:${bare}`]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/does not have \(.*\) \[bad-witness\]: it was written for another plan/);
  });

  it('a replay whose expected fault does not happen is reported (exit 1)', () => {
    const [report] = JSON.parse(bootplan(['check', '--format', 'json', plan]).stdout) as FileReport[];
    const witness = report!.messages[0]!.witness as { order: string[]; expect: Record<string, unknown> };
    const wrong = join(dir, 'wrong.json');
    // The same order, expecting the other entry to fault: it never does.
    writeFileSync(wrong, JSON.stringify({ order: witness.order, expect: { kind: 'fault', entry: 'posix-fdtab.init_posix_fdtab', capability: 'fdtab' } }));
    const r = bootplan(['run', plan, '--link-order', `witness:${wrong}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bootplan: the witness expected posix-fdtab.init_posix_fdtab to fault on fdtab, but it did not happen');
  });

  it('a file with no witness is bad-witness on stderr, nothing on stdout', () => {
    const none = join(dir, 'none.json');
    writeFileSync(none, '[]');
    const r = bootplan(['run', plan, '--link-order', `witness:${none}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bootplan: .* holds no witness .*\[bad-witness\]/);
  });
});
