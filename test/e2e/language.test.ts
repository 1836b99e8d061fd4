/** Plan language 1.1 from the command line: a base + overlay pair, evidence in every format, fragments, nothing-proven. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIX = 'test/fixtures/overlay';

function bootplan(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('bootplan check on a base + overlay pair', () => {
  it('the import and the plan that extends it both check clean', () => {
    expect(bootplan('check', `${FIX}/image.yaml`)).toMatchObject({ code: 0, stdout: expect.stringContaining('no problems found') });
    const r = bootplan('check', `${FIX}/my-image.yaml`);
    expect(r.stdout).toContain(`✓ ${FIX}/my-image.yaml: no problems found`);
    expect(r.code).toBe(0);
  });

  it('compile shows the overlay applied: the uses it added and the cost it set', () => {
    const r = bootplan('compile', `${FIX}/my-image.yaml`);
    expect(r.code).toBe(0);
    const compiled = JSON.parse(r.stdout);
    const main = compiled.entries.find((e: { id: string }) => e.id === 'app.main');
    expect(main.uses).toEqual(['mount:/', 'fd:stdio']);
    const automount = compiled.entries.find((e: { id: string }) => e.id === 'vfscore.vfscore_automount');
    expect(automount.cost).toBe(2_000_000);
    expect(compiled.entries.map((e: { id: string }) => e.id)).toContain('my-extra.my_extra_init');
  });

  it('a stale overlay key is an error at the key with "did you mean"; a use it adds is reported in the overlay', () => {
    const r = bootplan('check', `${FIX}/stale-overlay.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[overlay-unknown-entry]: the overlay names foo.foo_initcall, which is not an entry of the plan or the plan it extends; did you mean "foo.foo_init"?');
    expect(r.stdout).toContain(`--> ${FIX}/stale-overlay.yaml:6:3`);
    expect(r.stdout).toContain('error[capability-never-provided]: `app.main` uses `mount:/dev`');
    expect(r.stdout).toContain(`--> ${FIX}/stale-overlay.yaml:7:34`);
    expect(r.stdout).toContain(`note: app.main is declared here; the overlay adds the use (${FIX}/image.yaml:`);
  });
});

describe('evidence in the reports', () => {
  it('pretty: a note naming the C file, line, call and call chain', () => {
    const r = bootplan('check', `${FIX}/ctor-alloc.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error[pre-init-use]');
    expect(r.stdout).toContain('= note: uses `alloc`: lib/foo/foo.c:42 calls `uk_malloc` (via `foo_setup`, lib/foo/foo.c:17)\n');
  });

  it('json: the note as related data with its location', () => {
    const r = bootplan('check', '--format', 'json', `${FIX}/ctor-alloc.yaml`);
    const d = JSON.parse(r.stdout)[0].messages.find((x: { code: string }) => x.code === 'pre-init-use');
    expect(d.related).toContainEqual({ message: 'uses `alloc`: lib/foo/foo.c:42 calls `uk_malloc` (via `foo_setup`, lib/foo/foo.c:17)', location: { file: 'lib/foo/foo.c', line: 42, column: 1 } });
  });

  it('sarif: a related location in the source tree', () => {
    const r = bootplan('check', '--format', 'sarif', `${FIX}/ctor-alloc.yaml`);
    const result = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'pre-init-use');
    expect(result.relatedLocations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'lib/foo/foo.c', uriBaseId: 'SRCROOT' }, region: { startLine: 42, startColumn: 1 } });
  });
});

describe('fragments and globs', () => {
  it('check over a glob that matches a fragment skips it with a note and passes', () => {
    const r = bootplan('check', 'specs/plans/unikraft/nginx.yaml', 'specs/plans/unikraft/lib/nginx-libs.yaml', `${FIX}/catalog.yaml`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note[fragment]: a fragment: checked through the plans that include it\n  --> specs/plans/unikraft/lib/nginx-libs.yaml:');
    expect(r.stdout).toContain('0 errors, 0 warnings, 1 note in test/fixtures/overlay/catalog.yaml');
  });

  it('compile refuses a fragment as bad input (exit 2)', () => {
    const r = bootplan('compile', `${FIX}/catalog.yaml`);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('is a fragment');
  });
});

describe('nothing proven is said out loud', () => {
  it('a warning with the counts; --strict fails it', () => {
    const r = bootplan('check', `${FIX}/registrations-only.yaml`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning[nothing-proven]: 3 entries, 0 requirements between them: nothing was proven');
    expect(r.stdout).not.toContain('no problems found');
    expect(bootplan('check', '--strict', `${FIX}/registrations-only.yaml`).code).toBe(1);
  });

  it('explain knows the new codes', () => {
    const r = bootplan('explain', 'nothing-proven');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing was proven');
    const list = bootplan('explain').stdout;
    for (const code of ['nothing-proven', 'language-version', 'overlay-unknown-entry', 'evidence-mismatch', 'profile-mismatch', 'fragment']) expect(list).toContain(code);
  });

  it('schema plan describes language 1.1', () => {
    const schema = JSON.parse(bootplan('schema', 'plan').stdout);
    expect(schema.properties.bootplan.enum).toEqual([1, 1.1]);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['extends', 'overlay']));
  });
});
