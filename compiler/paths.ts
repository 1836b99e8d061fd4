/** Where the package's data lives, whether running from source (tests) or from dist/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'specs'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bootplan: cannot find the package root (specs/ and package.json)');
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();
export const PROFILES_DIR = join(PACKAGE_ROOT, 'specs', 'profiles');
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');
