import { mkdtempSync, rmSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPlan } from '../../compiler/index.js';
import { loadFiles } from '../../compiler/load.js';
import { HEAD, checkText, codes } from '../helpers/plans.js';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('bad input is a located diagnostic, never an exception', () => {
  it('malformed YAML points at where the parser stopped', async () => {
    const { diagnostics } = await checkPlan(write('bad.yaml', `${HEAD}libraries:\n  a: { initcalls: [ }\n`));
    expect(codes(diagnostics)).toEqual(['yaml-syntax']);
    expect(diagnostics[0]!.location).toMatchObject({ line: 6 });
  });

  it('duplicate keys are refused', async () => {
    const { diagnostics } = await checkPlan(write('dup.yaml', `${HEAD}name: again\n`));
    expect(codes(diagnostics)).toEqual(['yaml-syntax']);
    expect(diagnostics[0]!.message).toMatch(/duplicated mapping key/);
    expect(diagnostics[0]!.location?.line).toBe(5);
  });

  it('an alias bomb is stopped before anything walks it', async () => {
    const levels = ['x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) levels.push(`x${i}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const { diagnostics } = await checkPlan(write('bomb.yaml', `${HEAD}${levels.join('\n')}\n`));
    expect(codes(diagnostics)).toEqual(['alias-bomb']);
    expect(diagnostics[0]!.location?.line).toBe(6);
  });

  it('__proto__ keys are refused wherever they are', async () => {
    const { diagnostics } = await checkPlan(write('proto.yaml', `${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, __proto__: { polluted: true } }\n`));
    expect(codes(diagnostics)).toEqual(['forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a 50 MB file is refused from its size, before it is read', async () => {
    const path = join(dir, 'huge.yaml');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const { diagnostics } = await checkPlan(path);
    expect(codes(diagnostics)).toEqual(['file-too-big']);
    expect(diagnostics[0]!.location).toMatchObject({ file: path, line: 1, column: 1 });
  });

  it('deep nesting is refused with a position', async () => {
    const { diagnostics } = await checkPlan(write('deep.yaml', `${HEAD}note: ${'['.repeat(5000)}${']'.repeat(5000)}\n`));
    expect(codes(diagnostics)).toEqual(['yaml-depth']);
    expect(diagnostics[0]!.location?.line).toBe(5);
  });

  it('deep block nesting within the parser limit is still refused by the walk', () => {
    let text = HEAD + 'note:\n';
    for (let i = 0; i < 80; i++) text += `${'  '.repeat(i + 1)}- \n`.replace(/- \n$/, `- k${i}:\n`);
    const { diagnostics } = loadFiles(write('deep2.yaml', text));
    expect(diagnostics.map((d) => d.code)).toHaveLength(1);
    expect(['yaml-depth', 'yaml-syntax']).toContain(diagnostics[0]!.code);
  });

  it('an include cycle names the chain and the include line', async () => {
    const a = write('a.yaml', `${HEAD}include: [b.yaml]\n`);
    write('b.yaml', 'bootplan: 1\ninclude: [c.yaml]\n');
    write('c.yaml', 'bootplan: 1\ninclude:\n  - a.yaml\n');
    const { diagnostics } = await checkPlan(a);
    expect(codes(diagnostics)).toEqual(['include-cycle']);
    expect(diagnostics[0]!.message).toMatch(/a\.yaml → .*b\.yaml → .*c\.yaml → .*a\.yaml/);
    expect(diagnostics[0]!.location).toMatchObject({ file: join(dir, 'c.yaml'), line: 3 });
  });

  it('a missing file, and a missing include, are located', async () => {
    const missing = await checkPlan(join(dir, 'nope.yaml'));
    expect(codes(missing.diagnostics)).toEqual(['file-unreadable']);
    const inc = await checkPlan(write('inc.yaml', `${HEAD}include:\n  - gone.yaml\n`));
    expect(codes(inc.diagnostics)).toEqual(['file-unreadable']);
    expect(inc.diagnostics[0]!.location?.line).toBe(6);
  });

  it('binary garbage is a syntax error, not a crash', async () => {
    const { diagnostics } = await checkPlan(write('garbage.yaml', '\u0000\u0001\u0002{{{:::\u00ff'));
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.location)).toBe(true);
  });
});

describe('includes', () => {
  it('merge library catalogs, included libraries declared first', async () => {
    const catalog = 'bootplan: 1\nlibraries:\n  base:\n    initcalls:\n      - { fn: base_init, level: lib, prio: 0, provides: [base] }\n';
    const { compiled, diagnostics } = await checkText(`${HEAD}include: [lib/catalog.yaml]\nlibraries:\n  app:\n    main: { uses: [base] }\n`, { '/virtual/lib/catalog.yaml': catalog });
    expect(codes(diagnostics, 'error')).toEqual([]);
    expect(compiled!.entries.map((e) => e.id)).toEqual(['base.base_init', 'app.main']);
  });

  it("a library defined in two files is reported at the second", async () => {
    const catalog = 'bootplan: 1\nlibraries:\n  app:\n    initcalls: [{ fn: a, level: lib }]\n';
    const { diagnostics } = await checkText(`${HEAD}include: [c.yaml]\nlibraries:\n  app:\n    main: {}\n`, { '/virtual/c.yaml': catalog });
    expect(codes(diagnostics)).toContain('duplicate-library');
    expect(diagnostics.find((d) => d.code === 'duplicate-library')!.location).toMatchObject({ file: '/virtual/plan.yaml', line: 7 });
  });
});

describe('schema errors', () => {
  it('unknown keys suggest the nearest and point at the key', async () => {
    const { diagnostics } = await checkText(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, usse: [alloc] }\n`);
    const d = diagnostics.find((x) => x.code === 'unknown-key')!;
    expect(d.message).toMatch(/did you mean "uses"/);
    expect(d.location).toMatchObject({ line: 8, column: 30 });
  });

  it('an unknown level, capability and reference each suggest a fix', async () => {
    const { diagnostics } = await checkText(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: rootf, uses: [alloc] }\n      - { fn: g, level: lib, uses: [shed], after: [a.ff] }\n`);
    expect(diagnostics.find((d) => d.code === 'unknown-level')!.message).toMatch(/did you mean "rootfs"/);
    expect(diagnostics.find((d) => d.code === 'capability-never-provided')!.message).toMatch(/did you mean `sched`/);
    expect(diagnostics.find((d) => d.code === 'unknown-entry-ref')!.message).toMatch(/did you mean "a.f"/);
  });
});

describe('library order is document order', () => {
  it('even for library names JavaScript would sort first', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  vt:\n    initcalls: [{ fn: con_init, level: console }]\n  "8250":\n    initcalls: [{ fn: univ8250_console_init, level: console }]\n';
    const { compiled } = await checkText(text);
    expect(compiled!.entries.map((e) => e.id)).toEqual(['vt.con_init', '8250.univ8250_console_init']);
    expect(compiled!.order.indexOf('vt.con_init')).toBeLessThan(compiled!.order.indexOf('8250.univ8250_console_init'));
  });
});

describe('symbolic priorities', () => {
  it('after(main) is reported on the entry that says it, and main stays', async () => {
    const { compiled, diagnostics } = await checkText(`${HEAD}libraries:\n  a:\n    initcalls:\n      - { fn: f, level: lib, prio: 'after(app.main)' }\n  app:\n    main: {}\n`);
    expect(codes(diagnostics)).toContain('unknown-entry-ref');
    expect(compiled!.entries.map((e) => e.id)).toEqual(['app.main']);
  });
});

describe('entry ids', () => {
  it('an entry named like a core step is reported, and the step keeps its name', async () => {
    const text = 'bootplan: 1\nname: t\nprofile: linux@6.1\nlibraries:\n  core:\n    initcalls:\n      - { fn: mm_init, level: core }\n';
    const { compiled, diagnostics } = await checkText(text);
    expect(diagnostics.find((d) => d.code === 'duplicate-registration')?.message).toMatch(/core\.mm_init has the name of the profile's core step/);
    expect(compiled!.order.filter((id) => id === 'core.mm_init')).toHaveLength(1);
  });
});

describe('messages that say what to write', () => {
  it('a size the schema cannot read is one error that says what a size is', async () => {
    const { diagnostics } = await checkText(`${HEAD}memory: 128MB\n`);
    expect(diagnostics.map((d) => d.message)).toEqual(['memory is not valid: Bytes: a number or a string with a unit (B, K, Ki, M, Mi, G, Gi), e.g. `64Ki`']);
    expect(diagnostics[0]!.location?.line).toBe(5);
  });

  it('Kraftfile platform names suggest the target bootplan spells', async () => {
    const { diagnostics } = await checkText(HEAD.replace('qemu/x86_64', 'kvm/x86_64') + 'libraries: {}\n');
    expect(diagnostics.find((d) => d.code === 'unknown-target')!.message).toMatch(/did you mean "qemu\/x86_64"/);
    const fc = await checkText(HEAD.replace('qemu/x86_64', 'firecracker/x86_64') + 'libraries: {}\n');
    expect(fc.diagnostics.find((d) => d.code === 'unknown-target')!.message).toMatch(/did you mean "fc\/x86_64"/);
  });
});

describe('deep include chains', () => {
  it('a chain of 20,000 nested includes loads without recursion, innermost first', async () => {
    // The loader recursed per include: this overflowed the stack.
    const n = 20_000;
    const files: Record<string, string> = {};
    for (let i = 1; i < n; i++) {
      files[`/virtual/c${i}.yaml`] = `bootplan: 1\n${i + 1 < n ? `include: [c${i + 1}.yaml]\n` : ''}libraries:\n  l${i}:\n    initcalls:\n      - { fn: f, level: lib, prio: 0 }\n`;
    }
    const { compiled, diagnostics } = await checkText(`${HEAD}include: [c1.yaml]\nlibraries:\n  app:\n    main: {}\n`, files);
    expect(codes(diagnostics, 'error')).toEqual([]);
    const ids = compiled!.entries.map((e) => e.id);
    expect(ids).toHaveLength(n);
    expect(ids[0]).toBe(`l${n - 1}.f`);
    expect(ids.at(-1)).toBe('app.main');
  });

  it('a cycle at the end of a long chain still names the chain', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 50; i++) files[`/virtual/c${i}.yaml`] = `bootplan: 1\ninclude: [c${i === 50 ? 1 : i + 1}.yaml]\n`;
    const { diagnostics } = await checkText(`${HEAD}include: [c1.yaml]\n`, files);
    expect(codes(diagnostics)).toContain('include-cycle');
    expect(diagnostics.find((d) => d.code === 'include-cycle')!.message).toMatch(/^include cycle: \/virtual\/c1\.yaml → \/virtual\/c2\.yaml → .* → \/virtual\/c50\.yaml → \/virtual\/c1\.yaml$/);
  });
});
