// Plans of the shapes that once grew superlinearly (issue 14), for the regression tests under
// test/e2e/shapes.test.ts and the shape rows of `npm run bench`:
//
// - `after-chain`: N initcalls at one key, each `after: [lib.f(i-1)]` — N-1 races, each with a
//   witness link order of N+core steps;
// - `duplicates`: N registrations of one function — N-1 duplicate-registration errors;
// - `tiny`: N initcalls with nothing but a name, spread over every level and priority — checks
//   clean, for `compile -o` and `run`.
//
// Usage: node bench/shapes.mjs SHAPE N [OUT.yaml]
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const HEADER = ['bootplan: 1', 'profile: unikraft@0.17', 'target: qemu/x86_64', 'memory: 64Mi', "cmdline: '-- app'"];
const LEVELS = ['early', 'plat', 'lib', 'rootfs', 'sys', 'late'];

/** @param {'after-chain' | 'duplicates' | 'tiny'} shape @param {number} n */
export function shapePlan(shape, n) {
  const lines = [...HEADER, `name: ${shape}-${n}`, 'libraries:', '  lib:', '    initcalls:'];
  if (shape === 'after-chain') {
    lines.push('      - { fn: f0, level: lib, prio: 4 }');
    for (let i = 1; i < n; i++) lines.push(`      - { fn: f${i}, level: lib, prio: 4, after: [lib.f${i - 1}] }`);
  } else if (shape === 'duplicates') {
    for (let i = 0; i < n; i++) lines.push('      - { fn: f, level: lib, prio: 4 }');
  } else if (shape === 'tiny') {
    for (let i = 0; i < n; i++) lines.push(`      - { fn: f${i}, level: ${LEVELS[i % 6]}, prio: ${Math.floor(i / 6) % 10} }`);
  } else {
    throw new Error(`unknown shape ${shape}`);
  }
  lines.push('  app:', '    main: {}');
  return lines.join('\n') + '\n';
}

export const SHAPES = ['after-chain', 'duplicates', 'tiny'];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [shape, count, out] = process.argv.slice(2);
  const n = Number(count ?? 1000);
  writeFileSync(out ?? `/tmp/${shape}-${n}.yaml`, shapePlan(/** @type {never} */ (shape), n));
}
