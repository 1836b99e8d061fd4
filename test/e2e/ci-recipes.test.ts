/**
 * The CI recipes the repository ships, run as the tools that read them would (issue 11): the
 * pre-commit hook in `.pre-commit-hooks.yaml` and the GitHub Actions example in
 * `docs/ci/github-actions.yml`, with the installed `bootplan` played by bin/bootplan on the PATH.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { default as AjvDraft04Module } from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-recipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// `bootplan` on the PATH, as `npm install -g` leaves it.
const binDir = join(dir, 'bin');
mkdirSync(binDir);
symlinkSync(join(process.cwd(), 'bin', 'bootplan'), join(binDir, 'bootplan'));
const env = { ...process.env, NO_COLOR: '1', PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` };

interface Hook { id: string; entry: string; language: string; files: string; exclude?: string }

describe('the pre-commit hook', () => {
  const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'bootplan-check')!;
  // pre-commit runs `entry` with the changed files that match `files` and not `exclude`.
  const run = (files: string[]) => {
    const chosen = files.filter((f) => new RegExp(hook.files).test(f) && !(hook.exclude && new RegExp(hook.exclude).test(f)));
    const [cmd, ...args] = hook.entry.split(/\s+/);
    return { chosen, r: spawnSync(cmd!, [...args, ...chosen], { encoding: 'utf8', env }) };
  };

  it('is a node hook that checks --strict, and leaves the project config out', () => {
    expect([hook.language, hook.entry]).toEqual(['node', 'bootplan check --strict']);
    expect(run(['plans/bootplan.config.yaml', 'plans/.bootplanrc.yaml', 'README.md']).chosen).toEqual([]);
  });

  it('passes on the bundled plans as a commit would hand them over (fragments skipped), and fails on a race', () => {
    const tracked = spawnSync('git', ['ls-files', 'specs/plans'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const clean = run(tracked);
    expect(clean.chosen.length).toBeGreaterThan(10);
    expect(clean.chosen).toContain('specs/plans/unikraft/lib/nginx-libs.yaml');
    expect([clean.r.status, clean.r.stderr]).toEqual([0, '']);
    expect(clean.r.stdout).toMatch(/✓ \d+ plans checked: no errors or warnings\n$/);
    const race = run(['test/fixtures/ci/plans/sub/race.yaml']);
    expect(race.r.status).toBe(1);
    expect(race.r.stdout).toContain('error[race]');
  });
});

interface Step { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string }
interface Workflow { permissions: Record<string, string>; env: Record<string, string>; jobs: Record<string, { steps: Step[] }> }

describe('the GitHub Actions example', () => {
  const workflow = parse(readFileSync(join('docs', 'ci', 'github-actions.yml'), 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs)[0]!.steps;

  it('uploads the SARIF its check step writes, even when the check fails, with the permission to', () => {
    expect(workflow.permissions['security-events']).toBe('write');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toBe('always()');
    const check = steps.find((s) => s.run?.includes('--format sarif'))!;
    expect(check.run).toContain(`-o ${String(upload.with?.sarif_file)}`);
  });

  it('runs as written: the SARIF is written whole and valid, the exit code kept, and the strict step fails on findings', () => {
    // Every `run:` after the install, in a checkout whose plans folder holds a clean plan and a race.
    const work = join(dir, 'checkout');
    mkdirSync(join(work, 'plans'), { recursive: true });
    writeFileSync(join(work, 'plans', 'clean.yaml'), readFileSync(join('test', 'fixtures', 'ci', 'plans', 'clean.yaml'), 'utf8'));
    writeFileSync(join(work, 'plans', 'race.yaml'), readFileSync(join('test', 'fixtures', 'ci', 'plans', 'sub', 'race.yaml'), 'utf8'));
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const runs = steps.filter((s) => s.run && !s.run.includes('npm install'));
    const results = runs.map((s) => spawnSync('bash', ['-eo', 'pipefail', '-c', s.run!], { cwd: work, encoding: 'utf8', env: { ...env, ...workflow.env, GITHUB_WORKSPACE: work, GITHUB_OUTPUT: output } }));
    expect(runs.map((s) => s.name)).toEqual(['bootplan check (SARIF)', 'bootplan check --strict']);
    // The SARIF step itself succeeds (the upload must run) and records the check's exit code.
    expect(results[0]!.status).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('exit=1\n');
    const log = JSON.parse(readFileSync(join(work, 'bootplan.sarif'), 'utf8')) as { runs: Array<{ originalUriBaseIds: Record<string, { uri: string }>; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }> }> };
    const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const AjvDraft04 = (AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module }).default ?? AjvDraft04Module;
    const validate = new (AjvDraft04 as unknown as typeof import('ajv').default)({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // Paths relative to the checkout, so code scanning lines them up with the repository.
    expect(log.runs[0]!.originalUriBaseIds.SRCROOT!.uri).toBe(`file://${work}/`);
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation])).toEqual([['race', { uri: 'plans/race.yaml', uriBaseId: 'SRCROOT' }]]);
    // The readable step fails the job.
    expect(results[1]!.status).toBe(1);
    expect(results[1]!.stdout).toContain('error[race]');
  });
});
