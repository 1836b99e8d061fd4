/**
 * Installable as users install tools (issue 11): `npm pack`, install the tarball into a temp
 * prefix without dev dependencies or a build, run the installed `bootplan` on the bundled plans
 * (scripts/pack-test.mjs, also `npm run test:pack`, which builds first).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the npm package', () => {
  it('packs, installs with only Node and its runtime dependencies, and checks the bundled plans --strict', () => {
    const r = spawnSync(process.execPath, [join('scripts', 'pack-test.mjs'), '--no-build'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/✓ \d+ plans checked: no errors or warnings\n/);
    expect(r.stdout).toContain('pack-test: ok');
    expect(r.status).toBe(0);
  }, 300_000);

  it('building is prepack; prepare builds only where typescript is installed', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; files: string[] };
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
    expect(readFileSync(join('scripts', 'prepare.mjs'), 'utf8')).toContain("resolve('typescript/package.json')");
    expect(pkg.files).toContain('dist');
  });

  it('no shipped plan, profile, catalog or schema cites a file the package lacks or a path of this machine', () => {
    const files = spawnSync('git', ['ls-files', 'specs', 'schemas'], { encoding: 'utf8' }).stdout.split('\n').filter((f) => /\.(json|ya?ml)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\bshared\/(reference|seeds|fixtures)\b/);
      // Luna's guest paths (/home/selene, /tmp/wind.sock) are the guest's, not this machine's.
      expect(text, file).not.toMatch(/\/work\/|file:\/\/\//);
    }
  });

  it('every bundled plan starts with a yaml-language-server $schema modeline', () => {
    const plans: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.yaml')) plans.push(join(dir, e.name));
      }
    };
    walk(join('specs', 'plans'));
    expect(plans.length).toBeGreaterThan(5);
    for (const plan of plans) {
      const first = readFileSync(plan, 'utf8').split('\n')[0];
      expect(first, plan).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/plan\.schema\.json$/);
    }
  });
});
