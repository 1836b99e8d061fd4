/**
 * Plan arguments as linters take them: a file as it is, a folder for every plan under it, a glob
 * (`*`, `**`, `?`, `[...]`) expanded by bootplan itself, so a quoted pattern in CI works the same
 * on every shell. Folders and globs give YAML files only (`.yaml`, `.yml`), never the project's
 * config file, and never what lives in `node_modules` or a dot-folder.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CONFIG_NAMES } from './config.js';
import { shown, UsageError } from './io.js';

const MAGIC = /[*?[]/;
const SKIPPED_DIRS = new Set(['node_modules']);

/** True when `name` is a file a folder or a glob contributes: YAML, and not a config file. */
function isPlanName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !CONFIG_NAMES.includes(name);
}

function kindOf(path: string): 'file' | 'dir' | 'other' | 'missing' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** Every file under `dir` (sorted, depth-first), at most `depth` folders down. */
function walk(dir: string, depth: number, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const kind = kindOf(path);
    if (kind === 'file') out.push(path);
    else if (kind === 'dir' && depth > 0 && !name.startsWith('.') && !SKIPPED_DIRS.has(name)) walk(path, depth - 1, out);
  }
}

/** One glob segment as a regular expression source (no `/` inside). */
function segmentSource(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, (c) => `\\${c}`)}]`;
      i = close;
    } else out += ch.replace(/[.+^${}()|\\]/g, (c) => `\\${c}`);
  }
  return out;
}

/**
 * A glob as a matcher of `/`-separated paths relative to its static prefix: `**` is any number of
 * folders (none included), `*` and `?` never cross a `/`, `[abc]`, `[a-z]` and `[!a]` are classes.
 */
export function globMatcher(pattern: string): RegExp {
  const parts = pattern.split('/').filter((p) => p !== '');
  let source = '';
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (part === '**') source += last ? '.*' : '(?:[^/]+/)*';
    else source += segmentSource(part) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

/** The folder a glob starts from (its leading segments without magic) and the rest of it. */
function splitGlob(pattern: string): { base: string; rest: string } {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/');
  const fixed: string[] = [];
  while (parts.length > 1 && !MAGIC.test(parts[0]!)) fixed.push(parts.shift()!);
  const base = fixed.join('/') || (absolute ? '/' : '.');
  return { base, rest: parts.join('/') };
}

/** The files a glob matches, sorted; files only, YAML only unless `keep` says otherwise. */
export function expandGlob(pattern: string, keep: (name: string) => boolean = isPlanName): string[] {
  const { base, rest } = splitGlob(pattern.replaceAll(sep, '/'));
  if (kindOf(base) !== 'dir') return [];
  const matcher = globMatcher(rest);
  const depth = rest.split('/').includes('**') ? Infinity : rest.split('/').length - 1;
  const files: string[] = [];
  walk(base, depth, files);
  return files.filter((f) => {
    const rel = relative(base, f).split(sep).join('/');
    return matcher.test(rel) && keep(rel.slice(rel.lastIndexOf('/') + 1));
  }).map((f) => (base === '.' ? relative('.', f) : f));
}

/**
 * Trace and log arguments with quoted globs expanded by bootplan itself (`--trace 'logs/*.log'`),
 * in order; a path that exists is kept as it is, a glob that matches no file is a usage error.
 */
export function expandFileArgs(args: readonly string[], what: string): string[] {
  return args.flatMap((arg) => {
    if (!MAGIC.test(arg) || kindOf(arg) !== 'missing') return [arg];
    const files = expandGlob(arg, () => true);
    if (files.length === 0) throw new UsageError(`no ${what} matches ${arg}`);
    return files;
  });
}

/**
 * The plan files the arguments name, in order, each once. A path that does not exist and is no
 * glob is kept (checking it reports the missing file where it belongs); a folder or glob that
 * gives no plan is a usage error, as a linter's "no files matching".
 */
export function expandPlanArgs(args: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    const key = resolve(path);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(path);
    }
  };
  for (const arg of args) {
    const kind = arg === '' ? 'missing' : kindOf(arg);
    if (kind === 'dir') {
      const files: string[] = [];
      walk(arg, Infinity, files);
      const plans = files.filter((f) => isPlanName(f.slice(f.lastIndexOf(sep) + 1)));
      if (plans.length === 0) throw new UsageError(`${shown(arg)} is a folder with no plan in it (no .yaml or .yml file)`);
      plans.forEach(add);
    } else if (kind === 'missing' && MAGIC.test(arg)) {
      const files = expandGlob(arg);
      if (files.length === 0) throw new UsageError(`no plan matches the pattern "${shown(arg)}"`);
      files.forEach(add);
    } else add(arg);
  }
  return out;
}
