// `npm run test:pack`: the package as users install it. `npm pack` (which builds dist/ in
// prepack), install the tarball into a temp prefix with nothing else there, as `npm install -g`
// does (runtime dependencies from the registry or the npm cache; no dev dependencies, no build
// step: the tarball carries dist/), then run the installed `bootplan` on the bundled plans from
// the package itself, and check that no shipped file names the folder it was packed in.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bootplan-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failed = false;
const fail = (message) => {
  console.error(`pack-test: ${message}`);
  failed = true;
};
function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
try {
  // `--no-build`: pack the dist/ already built (the test suite, whose other tests run dist/ while
  // this one packs, must not have it rebuilt under them).
  const noBuild = process.argv.includes('--no-build');
  if (noBuild && !existsSync(join(root, 'dist', 'cli', 'bin.js'))) throw new Error('--no-build, but dist/ is not built: run `npm run build`');
  const packed = JSON.parse(sh(npm, ['pack', '--json', '--pack-destination', work, ...(noBuild ? ['--ignore-scripts'] : [])], root));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  console.log(`pack-test: ${packed[0].filename}, ${files.length} files, ${(statSync(tarball).size / 1024).toFixed(0)} KiB`);
  for (const want of ['bin/bootplan', 'dist/cli/bin.js', 'schemas/plan.schema.json', 'schemas/report.schema.json', 'specs/plans/linux/qemu-x86_64.yaml', 'README.md']) {
    if (!files.includes(want)) fail(`the package lacks ${want}`);
  }
  for (const f of files) if (/^(test|node_modules)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.d.mts')) fail(`the package ships ${f}`);
  const prefix = join(work, 'prefix');
  sh(npm, ['install', '--prefer-offline', '--global', '--prefix', prefix, '--omit=dev', tarball], work);
  const bin = process.platform === 'win32' ? join(prefix, 'bootplan.cmd') : join(prefix, 'bin', 'bootplan');
  if (!existsSync(bin)) throw new Error(`no ${bin} after install`);
  const pkg = process.platform === 'win32' ? join(prefix, 'node_modules', 'bootplan') : join(prefix, 'lib', 'node_modules', 'bootplan');
  if (existsSync(join(pkg, 'node_modules', 'typescript'))) fail('typescript was installed with the package');
  // The machine's own paths: the folder it was packed in, and the installed copy's.
  const leaks = [];
  const scan = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) scan(path);
      else if (/\.(js|ts|json|ya?ml|md|mjs|mts)$|^bootplan$/.test(name) && readFileSync(path, 'utf8').includes(root.replace(/\/$/, ''))) leaks.push(path.slice(pkg.length + 1));
    }
  };
  scan(pkg);
  if (leaks.length > 0) fail(`files name the folder it was packed in: ${leaks.slice(0, 5).join(', ')}`);
  // The data it ships cites facts by what they are, never a file of the workshop it was made in.
  const cites = [];
  const scanData = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) scanData(path);
      else if (/\.(json|ya?ml)$/.test(name) && /\bshared\/(reference|seeds|fixtures)\b/.test(readFileSync(path, 'utf8'))) cites.push(path.slice(pkg.length + 1));
    }
  };
  for (const dir of ['specs', 'schemas']) scanData(join(pkg, dir));
  if (cites.length > 0) fail(`shipped files cite files the package lacks (shared/…): ${cites.slice(0, 5).join(', ')}`);
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', cwd: work });
  if (version.status !== 0 || version.stdout.trim() !== JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) fail(`bootplan --version: exit ${version.status}, ${version.stdout}${version.stderr}`);
  // The installed files' times are the install's: the bundle must still be what runs, with its code cache.
  const cache = spawnSync(bin, ['--version'], { encoding: 'utf8', cwd: work, env: { ...process.env, BOOTPLAN_CODE_CACHE_REPORT: '1' } });
  if (!/^bootplan: code cache accepted$/m.test(cache.stderr)) fail(`the installed bootplan does not run its bundle with the code cache: ${cache.stderr.trim() || 'the bundle did not run'}`);
  const check = spawnSync(bin, ['check', '--strict', join(pkg, 'specs', 'plans')], { encoding: 'utf8', cwd: work, env: { ...process.env, NO_COLOR: '1' } });
  console.log(check.stdout.trim().split('\n').slice(-1)[0]);
  if (check.status !== 0) fail(`bootplan check --strict on the bundled plans: exit ${check.status}\n${check.stdout}${check.stderr}`);
  const sarif = spawnSync(bin, ['check', '--format', 'sarif', join(pkg, 'specs', 'plans', 'linux', 'qemu-x86_64.yaml')], { encoding: 'utf8', cwd: work });
  if (sarif.status !== 0 || JSON.parse(sarif.stdout).version !== '2.1.0') fail(`bootplan check --format sarif: exit ${sarif.status}`);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(failed ? 'pack-test: FAILED' : 'pack-test: ok (installed with only Node and the runtime dependencies, checked the bundled plans)');
process.exit(failed ? 1 : 0);
