/**
 * Diagnostics that help the first time (issue 11): root causes first with their consequences
 * folded under them, no hint the rest of the plan makes impossible, every independent error in
 * one run despite a schema error, carets on the field at fault, machine-applicable fixes and
 * `check --fix`, `check --watch`. Run through the CLI (`npm run build` first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { default as AjvDraft04Module } from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('machine-applicable fixes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootplan-diagnostics-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  interface Fix { description: string; edits: Array<{ file: string; start: number; end: number; range: { line: number; column: number; endLine: number; endColumn: number }; text: string }> }

  it('JSON carries fixes as text edits with offsets and ranges that replace exactly the value at fault', () => {
    const plan = join(FIXTURES, 'fixable.yaml');
    const text = readFileSync(plan, 'utf8');
    const m = (JSON.parse(bootplan(['check', '--format', 'json', plan]).stdout) as Array<{ messages: Array<Message & { fixes?: Fix[] }> }>)[0]!.messages;
    const fixes = m.flatMap((d) => (d.fixes ?? []).map((f) => [d.code, f.description, ...f.edits.map((e) => `${text.slice(e.start, e.end)}→${e.text}`)]));
    expect(fixes).toEqual([
      ['unknown-key', 'rename the key "cots" to "cost"', 'cots→cost'],
      ['unknown-level', 'write level "rootfs"', 'rootf→rootfs'],
      ['unused-allow', 'remove the allow', '   # bootplan-allow: race -- none here→'],
    ]);
    // The range is the same span as the offsets, 1-based, end exclusive.
    const edit = m[0]!.fixes![0]!.edits[0]!;
    const lines = text.split('\n');
    expect(lines[edit.range.line - 1]!.slice(edit.range.column - 1, edit.range.endColumn - 1)).toBe('cots');
  });

  it('SARIF carries them as fixes with artifactChanges, valid against the official 2.1.0 schema', () => {
    const r = bootplan(['check', '--format', 'sarif', join(FIXTURES, 'fixable.yaml')]);
    const log = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: { startLine: number; startColumn: number; endColumn: number }; insertedContent?: { text: string } }> }> }> }> }> };
    const key = log.runs[0]!.results.find((x) => x.ruleId === 'unknown-key')!;
    expect(key.fixes![0]!.artifactChanges[0]!.artifactLocation.uri).toBe('test/fixtures/diagnostics/fixable.yaml');
    expect(key.fixes![0]!.artifactChanges[0]!.replacements[0]).toEqual({ deletedRegion: { startLine: 13, startColumn: 73, endLine: 13, endColumn: 77 }, insertedContent: { text: 'cost' } });
    const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const AjvDraft04 = (AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module;
    const validate = new (AjvDraft04 as unknown as typeof import('ajv').default)({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('check --fix applies them pass by pass (fixes hidden behind others too), keeps comments, and re-checks clean', () => {
    const plan = join(dir, 'fixable.yaml');
    copyFileSync(join(FIXTURES, 'fixable.yaml'), plan);
    const r = bootplan(['check', '--fix', plan]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✓ ${plan}: no problems found\n`);
    expect(r.stderr).toContain('bootplan: --fix applied 5 fixes');
    const fixed = readFileSync(plan, 'utf8');
    expect(fixed).toContain('      # the fd table comes first\n      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab], cost: 1ms }\n');
    expect(fixed).toContain('      - fn: init_sockets   # sockets need the fd table\n        level: lib\n        prio: "after(posix-fdtab.init_posix_fdtab)"\n        uses: [fdtab]\n');
    expect(fixed).toContain('      - { fn: user_init, level: rootfs, prio: 2, uses: [sched] }\n');
    expect(bootplan(['check', plan]).code).toBe(0);
    // Nothing left to fix: a second --fix changes nothing.
    const again = bootplan(['check', '--fix', plan]);
    expect(again.stderr).toBe('');
    expect(readFileSync(plan, 'utf8')).toBe(fixed);
  });

  it('check --fix adds a missing `prio:` to the entry, in its own style (flow or block), comments kept', () => {
    const plan = join(dir, 'race-no-prio.yaml');
    const before = readFileSync(join(FIXTURES, 'race-no-prio.yaml'), 'utf8');
    writeFileSync(plan, before);
    const m = (JSON.parse(bootplan(['check', '--format', 'json', plan]).stdout) as Array<{ messages: Array<Message & { fixes?: Fix[] }> }>)[0]!.messages;
    // An insertion: an empty range at the end of the entry's last value (flow) or line (block).
    expect(m.map((d) => [d.code, d.fixes?.[0]?.edits.map((e) => [e.end - e.start, e.text])])).toEqual([
      ['race', [[0, '        prio: "before(posix-socket.init_sockets)"\n']]],
      ['race', [[0, ', prio: "before(app.app_init)"']]],
    ]);
    const r = bootplan(['check', '--fix', plan]);
    expect([r.code, r.stdout]).toEqual([0, `✓ ${plan}: no problems found\n`]);
    expect(r.stderr).toContain('bootplan: --fix applied 2 fixes');
    const lines = (t: string) => t.split('\n');
    const after = readFileSync(plan, 'utf8');
    // Exactly two changes: one new line in the block entry, one key more in the flow entry.
    expect(lines(after)).toEqual([
      ...lines(before).slice(0, 12),
      '        prio: "before(posix-socket.init_sockets)"',
      ...lines(before).slice(12, 18),
      '      - { fn: vfscore_init, level: rootfs, provides: [vfs], prio: "before(app.app_init)" }',
      ...lines(before).slice(19),
    ]);
    expect(after).toContain('        provides: [fdtab]   # the fd table\n        prio: "before(posix-socket.init_sockets)"\n        # sockets need it\n');
  });

  it('check --fix takes back a pass that leaves more findings than it fixed, keeps the passes before it, and says so', () => {
    const plan = join(dir, 'take-back.yaml');
    const before = readFileSync(join(FIXTURES, 'take-back.yaml'), 'utf8');
    writeFileSync(plan, before);
    const r = bootplan(['check', '--fix', plan]);
    expect(r.code).toBe(1);
    // Pass 1 (the key) is kept; pass 2 (the level, which would give two errors for one) is not.
    expect(readFileSync(plan, 'utf8')).toBe(before.replace('cots: 1ms', 'cost: 1ms'));
    expect(r.stderr).toBe([
      `bootplan: fixed ${plan}:12: rename the key "cots" to "cost"`,
      `bootplan: --fix took back the fix at ${plan}:12 (write level "early"): with it the plan has 2 findings, without it 1; it is not written`,
      `bootplan: --fix applied 1 fix to ${plan}; the report below is of the fixed plan`,
      '',
    ].join('\n'));
    // The report is of the plan as written, and no longer offers the fix --fix refused.
    expect(r.stdout).toContain('error[unknown-level]: unknown level "erly"');
    expect(r.stdout).not.toContain('= fix:');
    // With the level fixed by hand as the guess says, the two errors are there: the guard was right.
    const forced = join(dir, 'take-back-forced.yaml');
    writeFileSync(forced, readFileSync(plan, 'utf8').replace('level: erly', 'level: early'));
    const worse = (JSON.parse(bootplan(['check', '--format', 'json', forced]).stdout) as Array<{ errorCount: number; messages: Message[] }>)[0]!;
    expect([worse.errorCount, worse.messages.map((d) => d.code)]).toEqual([2, ['use-before-provide', 'use-before-provide']]);
  });

  it('check --fix re-checks the fixed plan against the same host folders: a finding only the host shows stays in the report', () => {
    const share = join(dir, 'fix-host');
    mkdirSync(join(share, 'guest_fs'), { recursive: true });
    writeFileSync(join(share, 'guest_fs', 'hello.txt'), 'hello\n');
    const plan = join(share, 'plan.yaml');
    writeFileSync(plan, [
      'bootplan: 1', 'name: t', 'profile: unikraft@0.17', 'target: qemu/x86_64',
      'devices:', '  - { kind: virtio-9p, tag: fs0, hostdir: guest_fs }',
      'mounts:', '  - { dev: fs0, at: /, fs: 9pfs }', '  - { dev: none, at: /nope, fs: ramfs }',
      'libraries:', '  vfscore:', '    initcalls:',
      '      - { fn: uk_bus_lib_init, level: plat, prio: 0, effects: [{ probe-buses: {} }] }',
      '      - { fn: vfscore_automount, level: rootfs, prio: 4, effects: [{ mount: { from: fstab } }] }',
      '  app:', '    initcalls:',
      '      - { fn: a_init, level: late, prio: 1, provides: [x] }',
      '      - { fn: b_init, level: late, prio: 1, uses: [x] }', '',
    ].join('\n'));
    const r = bootplan(['check', '--fix', plan]);
    expect(r.stderr).toContain(`bootplan: --fix applied 1 fix to ${plan}`);
    expect(readFileSync(plan, 'utf8')).toContain('{ fn: b_init, level: late, prio: "after(app.a_init)", uses: [x] }');
    // The race is fixed; the missing folder of the share is read from the host as before the fix.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[mount-point-missing]: `vfscore.vfscore_automount` mounts ramfs at /nope from the fstab, but the 9p share mounted at / has no nope folder');
    expect(r.stdout).not.toContain('error[race]');
  });

  it('an unknown level gets the level it spells out (`platform` → `plat`), and --fix writes it', () => {
    const plan = join(dir, 'dropped-bus-probe.yaml');
    const before = readFileSync(join(FIXTURES, 'dropped-bus-probe.yaml'), 'utf8');
    writeFileSync(plan, before);
    // The plan's 9p share, beside it as in the fixtures (the fixed plan is checked against it).
    cpSync(join(FIXTURES, 'guest_fs'), join(dir, 'guest_fs'), { recursive: true });
    const m = (JSON.parse(bootplan(['check', '--format', 'json', plan]).stdout) as Array<{ messages: Array<Message & { fixes?: Fix[] }> }>)[0]!.messages;
    expect(m[0]!.message).toBe('unknown level "platform" for ukbus.uk_bus_lib_init; did you mean "plat"?');
    expect(m[0]!.fixes?.[0]?.description).toBe('write level "plat"');
    const r = bootplan(['check', '--fix', plan]);
    expect([r.code, r.stdout]).toEqual([0, `✓ ${plan}: no problems found\n`]);
    expect(readFileSync(plan, 'utf8')).toBe(before.replace('level: platform,', 'level: plat,'));
  });

  it('no "did you mean" of the entry\'s own provision (`mount:/` → `mount:/dev`), and no fix', () => {
    const m = (JSON.parse(bootplan(['check', '--format', 'json', join(FIXTURES, 'no-safe-fix.yaml')]).stdout) as Array<{ messages: Array<Message & { fixes?: unknown[] }> }>)[0]!.messages;
    // The fixture provides `mount:/dev` by hand, which state-by-hand (issue 8) also reports.
    expect(m.map((d) => d.code).sort()).toEqual(['capability-never-provided', 'state-by-hand']);
    const never = m.find((d) => d.code === 'capability-never-provided')!;
    expect(never.message).toBe('`devfs.devfs_automount` uses `mount:/`, which nothing provides');
    expect(never.fixes).toBeUndefined();
  });

  it('a finding with no safe fix is left as it is, and --fix still fails the run', () => {
    const plan = join(dir, 'cycle.yaml');
    copyFileSync(join(FIXTURES, 'cycle-with-races.yaml'), plan);
    const before = readFileSync(plan, 'utf8');
    const r = bootplan(['check', '--fix', plan]);
    expect(r.code).toBe(1);
    expect(readFileSync(plan, 'utf8')).toBe(before);
    expect(r.stdout).toContain('error[cycle]');
  });
});

describe('check --watch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootplan-watch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Resolves once `pattern` has appeared `times` times in the child's stdout (or rejects after `ms`). */
  function waitFor(out: { text: string }, pattern: RegExp, times: number, ms = 20_000): Promise<void> {
    return new Promise((done, fail) => {
      const started = Date.now();
      const tick = setInterval(() => {
        if ((out.text.match(new RegExp(pattern.source, 'g')) ?? []).length >= times) {
          clearInterval(tick);
          done();
        } else if (Date.now() - started > ms) {
          clearInterval(tick);
          fail(new Error(`timed out waiting for ${pattern} x${times}; stdout so far:\n${out.text}`));
        }
      }, 50);
    });
  }

  it('checks again when the plan or a file it includes changes, and exits 0 on SIGINT', async () => {
    const plan = join(dir, 'plan.yaml');
    const catalog = join(dir, 'catalog.yaml');
    writeFileSync(catalog, 'bootplan: 1.1\nfragment: true\nlibraries:\n  posix-fdtab:\n    initcalls:\n      - { fn: init_posix_fdtab, level: lib, prio: 0, provides: [fdtab] }\n');
    writeFileSync(plan, 'bootplan: 1.1\nname: watched\nprofile: unikraft@0.17\ntarget: qemu/x86_64\ninclude: catalog.yaml\nlibraries:\n  posix-socket:\n    initcalls:\n      - { fn: init_sockets, level: lib, prio: 0, uses: [fdtab] }\n');
    const child = spawn(process.execPath, [BIN, 'check', '--watch', plan], { env: { ...process.env, NO_COLOR: '1' } });
    const out = { text: '' };
    const err = { text: '' };
    child.stdout.on('data', (b: Buffer) => { out.text += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err.text += b.toString(); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    try {
      await waitFor(out, /error\[race\]/, 1);
      await waitFor(err, /watching 2 files/, 1);
      // The included catalog moves its provider earlier: the race is gone.
      writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('level: lib, prio: 0', 'level: plat, prio: 0'));
      await waitFor(out, /no problems found/, 1);
      // The plan itself gains a use nothing provides (saved as editors do: a new file renamed over it).
      writeFileSync(`${plan}.tmp`, readFileSync(plan, 'utf8').replace('uses: [fdtab]', 'uses: [fdtab, sockets-ready]'));
      renameSync(`${plan}.tmp`, plan);
      await waitFor(out, /error\[capability-never-provided\]/, 1);
      expect(out.text.indexOf('error[race]')).toBeLessThan(out.text.indexOf('no problems found'));
      expect(out.text.indexOf('no problems found')).toBeLessThan(out.text.indexOf('error[capability-never-provided]'));
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(err.text).toMatch(/exit 1; watching 2 files[^\n]*\n[\s\S]*exit 0; watching 2 files[\s\S]*exit 1; watching 2 files/);
  }, 60_000);
});
