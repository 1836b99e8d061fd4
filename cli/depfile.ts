/**
 * Make-syntax depfiles (`--depfile FILE`, read by make's `include` and by ninja's `depfile =`):
 * the output depends on every file the plan read — the plan, its includes, the initrd, and each
 * 9p host folder with everything in it (the checker and the machine read those too).
 */
import { PROFILES_DIR } from '../compiler/paths.js';
import { lstatSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import type { Compiled } from '../compiler/types.js';

/** Host folders deeper or larger than this are listed up to the limit (the folder itself always). */
const MAX_HOST_FILES = 100_000;

/** Every file the plan read, absolute, sorted, without duplicates. */
export function planInputs(compiled: Compiled): string[] {
  const base = dirname(compiled.plan.source.file);
  const host = (p: string) => (isAbsolute(p) ? p : resolvePath(base, p));
  const out = new Set<string>(compiled.plan.files);
  // A profile file the plan brings (`profile: ./my-os.yaml`) is an input; the shipped ones are part of bootplan.
  const profile = compiled.profile.file;
  if (profile !== undefined && !profile.startsWith(PROFILES_DIR)) out.add(profile);
  if (compiled.plan.initrd !== null) out.add(host(compiled.plan.initrd));
  for (const device of compiled.plan.devices) {
    if (device.hostdir === undefined) continue;
    const root = host(device.hostdir);
    out.add(root);
    const stack = [root];
    while (stack.length > 0 && out.size < MAX_HOST_FILES) {
      const dir = stack.pop()!;
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        continue; // a missing folder is the checker's to report; make sees it as a missing prerequisite
      }
      for (const name of names) {
        const path = join(dir, name);
        out.add(path);
        try {
          if (lstatSync(path).isDirectory()) stack.push(path);
        } catch {
          /* vanished while listing */
        }
      }
    }
  }
  return [...out].sort();
}

/** A path as make and ninja read it: spaces and `#` escaped, `$` doubled. */
function makeEscape(path: string): string {
  return path.replace(/([ #])/g, '\\$1').replace(/\$/g, '$$$$');
}

/** Paths under the working folder are written relative to it, as compilers write depfiles. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * `target: dep dep …` and, as `gcc -MP` does, an empty rule per prerequisite so that deleting an
 * included catalog does not stop make.
 */
export function depfileText(target: string, inputs: string[], cwd = process.cwd()): string {
  const deps = inputs.map((p) => makeEscape(shown(p, cwd)));
  const lines = [`${makeEscape(shown(resolvePath(cwd, target), cwd))}:${deps.map((d) => ` \\\n  ${d}`).join('')}`, ''];
  for (const d of deps) lines.push(`${d}:`, '');
  return lines.join('\n');
}
