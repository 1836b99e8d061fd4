// `prepare`: build dist/ for developers (`npm ci` in a clone, where typescript is installed),
// and do nothing where it is not — a user's `npm install` of the package (dist/ ships in it) or
// `npm install -g .` without the dev dependencies — instead of failing the install. `npm pack`
// builds in `prepack` and skips this one.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);
try {
  createRequire(import.meta.url).resolve('typescript/package.json');
} catch {
  process.exit(0);
}
const run = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
