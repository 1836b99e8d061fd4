/** SARIF as CI systems read it (issue 11): valid against the official 2.1.0 schema for every kind
 * of output, the tool's version, the invocation, helpUri, stable fingerprints, %SRCROOT% URIs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { default as AjvDraft04Module } from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, render } from '../../cli/diagnostics.js';
import { VERSION } from '../../cli/version.js';
import { checkPlan } from '../../compiler/index.js';
import { InputError, type Diagnostic } from '../../compiler/types.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const AjvDraft04 = (AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module;
const validate = new (AjvDraft04 as unknown as typeof import('ajv').default)({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

const BIN = join(process.cwd(), 'bin', 'bootplan');
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'plans');
const dir = mkdtempSync(join(tmpdir(), 'bootplan-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sarif {
  runs: Array<{
    tool: { driver: { version?: string; rules: Array<{ id: string; helpUri?: string }> } };
    invocations?: Array<{ exitCode: number; executionSuccessful: boolean }>;
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: Array<{ ruleId: string; partialFingerprints?: Record<string, string>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }> }>;
  }>;
}

function sarif(args: string[], cwd = process.cwd()): { code: number; log: Sarif } {
  const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'sarif', ...args], { encoding: 'utf8', cwd });
  return { code: r.status ?? -1, log: JSON.parse(r.stdout) as Sarif };
}

/** The rule page a helpUri names, if the repository has it (docs/rules/CODE.md). */
function pageOf(uri: string | undefined): string | undefined {
  const page = uri && /\/blob\/main\/docs\/rules\/([^/]+\.md)$/.exec(uri)?.[1];
  return page && existsSync(join('docs', 'rules', decodeURIComponent(page))) ? decodeURIComponent(page) : undefined;
}

describe('SARIF', () => {
  it('every fixture plan (errors, warnings, input errors, witnesses) gives a log the official schema accepts', async () => {
    // In process (the CLI's own render), so 50 plans cost no 50 node start-ups; the CLI path is
    // covered by the tests below.
    let checked = 0;
    for (const code of readdirSync(FIXTURES)) {
      for (const file of readdirSync(join(FIXTURES, code)).filter((f) => f.endsWith('.yaml'))) {
        const path = join(FIXTURES, code, file);
        let diagnostics: Diagnostic[];
        let texts = new Map<string, string>();
        try {
          const result = await checkPlan(path);
          diagnostics = result.diagnostics;
          texts = result.source.texts;
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          diagnostics = err.diagnostics;
        }
        const log = JSON.parse(render('sarif', diagnostics, path, (f) => texts.get(f), { exitCode: exitCodeFor(diagnostics) })) as Sarif;
        expect(validate(log), `${code}/${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
        for (const rule of log.runs[0]!.tool.driver.rules) expect(pageOf(rule.helpUri), `${code}/${file}: ${rule.id}`).toBe(`${rule.id}.md`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('names the version, the invocation, a helpUri per rule, and URIs relative to %SRCROOT%', () => {
    const { code, log } = sarif(['test/fixtures/plans/race/posix-socket-fdtab.yaml']);
    const run = log.runs[0]!;
    expect(code).toBe(1);
    expect(run.tool.driver.version).toBe(VERSION);
    expect(run.invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
    expect(run.tool.driver.rules.find((r) => r.id === 'race')?.helpUri).toMatch(/docs\/rules\/race\.md$/);
    const where = run.results.find((r) => r.ruleId === 'race')!.locations[0]!.physicalLocation.artifactLocation;
    expect(where).toEqual({ uri: 'test/fixtures/plans/race/posix-socket-fdtab.yaml', uriBaseId: 'SRCROOT' });
    expect(run.originalUriBaseIds?.SRCROOT?.uri).toBe(`file://${process.cwd()}/`);
    const input = sarif(['test/fixtures/plans/yaml-syntax/' + readdirSync(join(FIXTURES, 'yaml-syntax'))[0]]);
    expect(input.log.runs[0]!.invocations).toEqual([{ executionSuccessful: false, exitCode: 2 }]);
  });

  it('verify --format sarif: valid, with the invocation, and a helpUri to the page of each trace code', () => {
    const trace = join('..', 'shared', 'fixtures', 'linux-6.1', 'initcall_debug.log');
    const r = spawnSync(process.execPath, [BIN, 'verify', 'specs/plans/linux/qemu-x86_64.yaml', '--trace', trace, '--format', 'sarif'], { encoding: 'utf8' });
    const log = JSON.parse(r.stdout) as Sarif;
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.version).toBe(VERSION);
    expect(run.invocations).toEqual([{ executionSuccessful: true, exitCode: r.status }]);
    const rules = run.tool.driver.rules as Array<{ id: string; helpUri?: string; shortDescription: { text: string } }>;
    expect(rules.map((x) => x.id)).toContain('VERIFY_UNPLANNED');
    for (const rule of rules) {
      expect(pageOf(rule.helpUri), rule.id).toBe(`${rule.id}.md`);
      expect(rule.shortDescription.text, rule.id).not.toBe(rule.id);
    }
    expect(rules.find((x) => x.id === 'VERIFY_UNPLANNED')!.shortDescription.text).toBe('Something ran that the plan does not have (or ran more often than the plan registers it)');
    // --strict makes the warnings fail the run, and the invocation says so.
    const strict = spawnSync(process.execPath, [BIN, 'verify', 'specs/plans/linux/qemu-x86_64.yaml', '--trace', trace, '--format', 'sarif', '--strict'], { encoding: 'utf8' });
    expect((JSON.parse(strict.stdout) as Sarif).runs[0]!.invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
  });

  it('--base sets the folder URIs are relative to', () => {
    const { log } = sarif(['--base', FIXTURES, join(FIXTURES, 'race', 'posix-socket-fdtab.yaml')]);
    const run = log.runs[0]!;
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('race/posix-socket-fdtab.yaml');
    expect(run.originalUriBaseIds?.SRCROOT?.uri).toBe(`file://${FIXTURES}/`);
    // A folder that is not there is a usage error, not URIs relative to nothing.
    const missing = spawnSync(process.execPath, [BIN, 'check', '--format', 'sarif', '--base', join(dir, 'no-such-folder'), join(FIXTURES, 'race', 'posix-socket-fdtab.yaml')], { encoding: 'utf8' });
    expect([missing.status, missing.stdout, missing.stderr]).toEqual([2, '', `bootplan: --base ${join(dir, 'no-such-folder')}: no such folder (SARIF URIs are made relative to it)\n`]);
  });

  it('fingerprints stay the same when lines shift and differ between findings', () => {
    const text = readFileSync(join(FIXTURES, 'race', 'posix-socket-fdtab.yaml'), 'utf8');
    const a = join(dir, 'plan.yaml');
    writeFileSync(a, text);
    const before = sarif([a], dir).log.runs[0]!.results;
    writeFileSync(a, `# a comment that moves every line down\n\n${text}`);
    const after = sarif([a], dir).log.runs[0]!.results;
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).not.toEqual(before.map((r) => r.locations[0]!.physicalLocation.region.startLine));
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    const prints = before.map((r) => Object.values(r.partialFingerprints ?? {})[0]);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('findings accepted by `# bootplan-allow:` are suppressed results (inSource), valid against the schema', () => {
    const { code, log } = sarif([join('test', 'fixtures', 'ci', 'allow', 'allowed.yaml')]);
    expect(code).toBe(0);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = log.runs[0]!.results as Array<{ ruleId: string; suppressions?: Array<{ kind: string }> }>;
    expect(results.map((r) => [r.ruleId, r.suppressions?.[0]?.kind])).toEqual([['unused-allow', undefined], ['link-order-dependency', 'inSource']]);
  });
});
