/**
 * A small evaluator of Unikraft's `Makefile.uk` files: what the build registers and compiles.
 * It runs the build's import sequence (the app, `lib/Makefile.uk`, external libraries, the
 * architecture, `drivers/Makefile.uk`, `plat/Makefile.uk`: unikraft/unikraft Makefile:727-750)
 * and understands what those files use: `VAR := / = / += / ?=` with `$(VAR)` expansion,
 * `ifeq/ifneq/ifdef/ifndef/else/endif`, `include`, `define … endef`, `$(eval $(call addlib_s,
 * libNAME,$(CONFIG_X)))` and `addlib`, `addplatlib(_s)`, `import_lib`, `uc`, user functions through
 * `$(call)`, and make's text functions. `LIBNAME_SRCS-y += $(LIBNAME_BASE)/x.c|isr` gives the
 * compiled files. Anything else is a note, never a failure; includes are bounded.
 *
 * Without a configuration every branch and every switch is taken: every library and file the
 * tree can build, which is what names files after their library.
 */
import type { Diagnostic } from '../compiler/types.js';
import { makeValue, type Kconfig } from './kconfig.js';

/** Reads a file of the build by its virtual path (`lib/vfscore/Makefile.uk`, `lib-musl/Makefile.uk`). */
export type ReadFile = (path: string) => string | null;

export interface BuildRoots {
  /** Virtual prefixes of the external libraries (`lib-musl`), in `--lib` order. */
  libs: string[];
  /** Virtual prefix of the application, when there is one. */
  app?: string;
}

export interface BuildTarget {
  /** `kvm` or `xen`: the platform library set. */
  plat: string;
  /** `x86_64`, `arm64`, `arm`. */
  arch: string;
}

export interface UkLibrary {
  /** As Makefile.uk registers it: `libvfscore`. */
  name: string;
  /** Its folder, as a virtual path (`lib/vfscore`). */
  base: string;
  /** For `addplatlib`: the platform. */
  plat?: string;
  /** Compiled C files, virtual paths, in the order of the SRCS lists. */
  sources: string[];
  /** Source words that are not files of the tree (fetched at build time, generated). */
  missing: string[];
  /** Where it was registered. */
  file: string;
  line: number;
}

export interface BuildEvaluation {
  /** Libraries in link order (platform libraries first, then the others in import order:
   * unikraft/unikraft plat/kvm/Linker.uk:50-61). */
  libraries: UkLibrary[];
  diagnostics: Diagnostic[];
  /** Makefile.uk files evaluated. */
  makefiles: number;
}

export interface EvaluateOptions {
  read: ReadFile;
  roots: BuildRoots;
  /** null: every branch and switch taken. */
  config: Kconfig | null;
  target: BuildTarget;
  /** Whether a virtual path is a file of the tree. */
  exists: (path: string) => boolean;
}

const ARCH: Record<string, { family: string; option: string }> = {
  x86_64: { family: 'x86', option: 'CONFIG_ARCH_X86_64' },
  arm64: { family: 'arm', option: 'CONFIG_ARCH_ARM_64' },
  arm: { family: 'arm', option: 'CONFIG_ARCH_ARM_32' },
};
/** Build-time actions that name no library and compile nothing the boot runs. */
const QUIET_CALLS = new Set([
  'fetch', 'fetch2', 'fetchas', 'fetchas2', 'patch', 'unarchive', 'addlib_paramprefix', 'verbose_info', 'verbose_cmd',
  'error_if_gcc_version_lt', 'error_if_clang_version_lt', 'have_gcc', 'have_clang', 'gcc_version_ge', 'clang_version_ge',
  'ukarch_tls_tcb_reserve', 'aarch64_no_reserved_tcb_overlap', 'mk_sub_build_dir', 'mk_sub_libbuild_dir', 'addplat_s', 'addplat',
  'error_if_no_lib', 'uk_libparam_libprefix_set', 'buildrule', 'buildrule_c', 'ukrust_addcrate', 'EXPORT_SYMBOLS', 'lc', 'sub_build_dir', 'sub_libbuild_dir',
]);
const MAX_INCLUDE_DEPTH = 24;
/** Makefiles evaluated in all (an include fan-out must not grow without bound). */
const MAX_MAKEFILES = 5000;
const MAX_EXPANSION = 1 << 20;
/** Nested variable references and `$(call)`s. */
const MAX_NESTING = 64;

/** Evaluates the build. */
export function evaluateBuild(options: EvaluateOptions): BuildEvaluation {
  const { read, config, target } = options;
  const all = config === null;
  const vars = new Map<string, { value: string; recursive: boolean }>();
  const libraries: UkLibrary[] = [];
  const diagnostics: Diagnostic[] = [];
  const noted = new Set<string>();
  let makefiles = 0;
  // Outside every Makefile.uk: the tree's top Makefile, which runs the import sequence.
  let where = { file: 'Makefile', line: 1 };
  let depth = 0;
  const expanding = new Set<string>();
  let calls = 0;

  const arch = ARCH[target.arch] ?? ARCH.x86_64!;
  set('CONFIG_UK_BASE', '@uk');
  set('CONFIG_UK_APP', options.roots.app ? `@${options.roots.app}` : '@uk');
  set('ARCH', target.arch);
  set('UK_FAMILY', arch.family);
  set('CONFIG_UK_ARCH', target.arch);
  set('CONFIG_UK_PLAT', target.plat);
  set('BUILD_DIR', '@build');
  set('UK_BUILD', '@build');
  set(arch.option, 'y');
  set(`CONFIG_PLAT_${target.plat.toUpperCase()}`, 'y');

  if (options.roots.app) importLib(`@${options.roots.app}`);
  include('@uk/lib/Makefile.uk', true);
  for (const lib of options.roots.libs) importLib(`@${lib}`);
  // A partial tree (an example, a test) may have no arch/, drivers/ or plat/: not worth a note.
  importLib(`@uk/arch/${arch.family}`, false);
  include('@uk/drivers/Makefile.uk', false);
  include('@uk/plat/Makefile.uk', false);

  for (const lib of libraries) collectSources(lib);
  const plat = libraries.filter((l) => l.plat !== undefined);
  const rest = libraries.filter((l) => l.plat === undefined);
  return { libraries: [...plat, ...rest], diagnostics, makefiles };

  function set(name: string, value: string, recursive = false): void {
    vars.set(name, { value, recursive });
  }

  function get(name: string): string {
    if (name.startsWith('CONFIG_') && !vars.has(name)) return all ? 'y' : makeValue(config!, name);
    const v = vars.get(name);
    if (!v) return '';
    if (!v.recursive) return v.value;
    // `A = $(A) x` is an error in make ("recursive variable references itself"): never a loop here.
    if (expanding.has(name) || expanding.size > MAX_NESTING) {
      note(`self:${name}`, `\`${name}\` refers to itself (or nests deeper than ${MAX_NESTING}); expanded as empty there`);
      return '';
    }
    expanding.add(name);
    try {
      return expand(v.value);
    } finally {
      expanding.delete(name);
    }
  }

  function note(key: string, message: string): void {
    if (noted.has(key)) return;
    noted.add(key);
    diagnostics.push({ code: 'IMPORT_MAKEFILE_UNKNOWN', severity: 'note', message: `${where.file}:${where.line}: ${message}`, location: { file: where.file, line: where.line, column: 1 } });
  }

  function importLib(dir: string, required = true): void {
    const clean = normalize(dir.trim());
    set('IMPORT_BASE', clean);
    set('_IMPORT_BASE', clean);
    include(`${clean}/Makefile.uk`, required);
  }

  function include(path: string, required: boolean): void {
    const file = toVirtual(normalize(path));
    if (file === null) {
      if (required) note(`include:${path}`, `\`include ${path}\` is not a file of the tree; skipped`);
      return;
    }
    const text = read(file);
    if (text === null) {
      if (required) note(`include:${file}`, `${file} cannot be read; skipped`);
      return;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      note(`depth:${file}`, `includes nest deeper than ${MAX_INCLUDE_DEPTH} at ${file}; not followed`);
      return;
    }
    if (makefiles >= MAX_MAKEFILES) {
      note('too-many', `more than ${MAX_MAKEFILES} makefiles evaluated; the rest are not followed`);
      return;
    }
    makefiles++;
    depth++;
    const saved = where;
    evaluateText(text, file);
    where = saved;
    depth--;
  }

  function evaluateText(text: string, file: string): void {
    const raw = text.split(/\r?\n/);
    // Conditional stack: whether the current branch is taken, and whether any branch was.
    const stack: { active: boolean; taken: boolean; parent: boolean }[] = [];
    const active = (): boolean => stack.length === 0 || stack[stack.length - 1]!.active;
    let inRecipe = false;
    let defining: { name: string; lines: string[]; nest: number } | null = null;
    for (let i = 0; i < raw.length; i++) {
      const start = i;
      let line = raw[i]!;
      while (line.endsWith('\\') && i + 1 < raw.length) line = `${line.slice(0, -1)} ${raw[++i]!.trim()}`;
      where = { file, line: start + 1 };
      if (defining) {
        const word = line.trim().split(/\s+/)[0];
        if (word === 'define') defining.nest++;
        if (word === 'endef' && defining.nest-- === 0) {
          if (active()) set(defining.name, defining.lines.join('\n'), true);
          defining = null;
        } else defining.lines.push(line);
        continue;
      }
      if (line.startsWith('\t') && inRecipe) continue;
      const body = stripComment(line).trim();
      if (body === '') continue;
      const [word, ...restWords] = body.split(/\s+/);
      const rest = body.slice(word!.length).trim();
      if (word === 'ifeq' || word === 'ifneq' || word === 'ifdef' || word === 'ifndef') {
        const parent = active();
        const truth = parent && (all || test(word, rest));
        stack.push({ active: all ? parent : truth, taken: truth, parent });
        continue;
      }
      if (word === 'else') {
        const top = stack[stack.length - 1];
        if (!top) {
          note(`else:${file}:${start}`, '`else` without `ifeq`; ignored');
          continue;
        }
        const cond = restWords[0];
        const truth = top.parent && !top.taken && (cond === undefined || all || test(cond, rest.slice(cond.length).trim()));
        top.active = all ? top.parent : truth;
        top.taken = top.taken || truth;
        continue;
      }
      if (word === 'endif') {
        if (!stack.pop()) note(`endif:${file}:${start}`, '`endif` without `ifeq`; ignored');
        continue;
      }
      if (!active()) continue;
      if (word === 'define') {
        defining = { name: expand(restWords[0] ?? ''), lines: [], nest: 0 };
        continue;
      }
      if (word === 'include' || word === '-include' || word === 'sinclude') {
        for (const p of expand(rest).split(/\s+/).filter((w) => w !== '')) include(p, word === 'include');
        continue;
      }
      if (word === 'export' || word === 'override' || word === 'unexport' || word === 'private') {
        if (rest !== '' && findOperator(rest)) assign(rest);
        continue;
      }
      if (word === 'undefine') {
        vars.delete(expand(rest));
        continue;
      }
      if (word === 'vpath') continue;
      const op = findOperator(body);
      if (op?.op === ':') {
        inRecipe = true;
        continue;
      }
      inRecipe = false;
      if (op) assign(body);
      else {
        const out = expand(body);
        if (out.trim() !== '') evaluateNested(out);
      }
    }
    if (defining) note(`define:${file}`, `\`define ${defining.name}\` has no \`endef\``);
    if (stack.length > 0) note(`if:${file}`, `${stack.length} conditional(s) without \`endif\` at the end of ${file}`);
  }

  function evaluateNested(text: string): void {
    if (depth >= MAX_INCLUDE_DEPTH) return;
    depth++;
    const saved = where;
    evaluateText(text, where.file);
    where = saved;
    depth--;
  }

  function test(keyword: string, rest: string): boolean {
    if (keyword === 'ifdef' || keyword === 'ifndef') {
      const defined = get(expand(rest).trim()) !== '';
      return keyword === 'ifdef' ? defined : !defined;
    }
    let a: string;
    let b: string;
    const paren = /^\(([\s\S]*)\)$/.exec(rest);
    if (paren) {
      const parts = splitArgs(paren[1]!);
      if (parts.length !== 2) {
        note(`cond:${where.file}:${where.line}`, `cannot read the condition \`${rest}\`; taken as false`);
        return false;
      }
      [a, b] = parts as [string, string];
    } else {
      const q = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(rest);
      if (!q) {
        note(`cond:${where.file}:${where.line}`, `cannot read the condition \`${rest}\`; taken as false`);
        return false;
      }
      [a, b] = [q[2]!, q[4]!];
    }
    const equal = expand(a).trim() === expand(b).trim();
    return keyword === 'ifeq' ? equal : !equal;
  }

  function assign(text: string): void {
    const op = findOperator(text)!;
    const name = expand(text.slice(0, op.at)).trim();
    const value = text.slice(op.at + op.op.length).trim();
    if (name === '') return;
    const old = vars.get(name);
    switch (op.op) {
      case ':=':
      case '::=':
      case ':::=':
        set(name, expand(value));
        return;
      case '=':
        set(name, value, true);
        return;
      case '?=':
        if (!old) set(name, value, true);
        return;
      case '+=':
        if (!old) set(name, value, true);
        else set(name, old.value === '' ? (old.recursive ? value : expand(value)) : `${old.value} ${old.recursive ? value : expand(value)}`, old.recursive);
        return;
      case '!=':
        note(`shell:${name}`, `\`${name} != …\` runs a shell command; left empty`);
        set(name, '');
        return;
    }
  }

  /** Expands `$(…)`, `${…}` and `$X` references. */
  function expand(text: string): string {
    if (!text.includes('$')) return text;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c !== '$') {
        out += c;
        continue;
      }
      const n = text[i + 1];
      if (n === '$') {
        out += '$';
        i++;
      } else if (n === '(' || n === '{') {
        const close = matching(text, i + 1);
        if (close < 0) {
          note(`paren:${where.file}:${where.line}`, 'unbalanced `$(`; the rest of the line is read as text');
          out += text.slice(i);
          break;
        }
        out += reference(text.slice(i + 2, close));
        i = close;
      } else if (n !== undefined) {
        out += get(n);
        i++;
      }
      if (out.length > MAX_EXPANSION) {
        note(`big:${where.file}`, 'an expansion grew past 1 MiB; cut');
        return out.slice(0, MAX_EXPANSION);
      }
    }
    return out;
  }

  function reference(inner: string): string {
    const m = /^([\w.-]+)(?:\s+|,)([\s\S]*)$/.exec(inner);
    const fn = m?.[1];
    if (!m || !fn || !isFunction(fn)) return get(expand(inner));
    const argText = m[2]!;
    const args = (): string[] => splitArgs(argText).map((a) => expand(a));
    switch (fn) {
      case 'call': return call(splitArgs(argText).map((a) => expand(a)));
      case 'eval': {
        const text = expand(argText);
        if (text.trim() !== '') evaluateNested(text);
        return '';
      }
      case 'if': {
        const [c, a, b] = splitArgs(argText);
        return expand(c ?? '').trim() !== '' ? expand(a ?? '') : expand(b ?? '');
      }
      case 'or': for (const a of splitArgs(argText)) { const v = expand(a).trim(); if (v !== '') return v; } return '';
      case 'and': { let v = ''; for (const a of splitArgs(argText)) { v = expand(a).trim(); if (v === '') return ''; } return v; }
      case 'strip': return expand(argText).trim().split(/\s+/).join(' ');
      case 'subst': { const [a, b, t] = args(); return (t ?? '').split(a ?? '').join(b ?? ''); }
      case 'patsubst': { const [p, r, t] = args(); return words(t).map((w) => patsubst(p ?? '', r ?? '', w)).join(' '); }
      case 'filter': { const [p, t] = args(); const ps = words(p); return words(t).filter((w) => ps.some((x) => matches(x, w))).join(' '); }
      case 'filter-out': { const [p, t] = args(); const ps = words(p); return words(t).filter((w) => !ps.some((x) => matches(x, w))).join(' '); }
      case 'findstring': { const [a, t] = args(); return (t ?? '').includes(a ?? '') ? a ?? '' : ''; }
      case 'addprefix': { const [p, t] = args(); return words(t).map((w) => `${p}${w}`).join(' '); }
      case 'addsuffix': { const [s, t] = args(); return words(t).map((w) => `${w}${s}`).join(' '); }
      case 'notdir': return words(expand(argText)).map((w) => w.slice(w.lastIndexOf('/') + 1)).join(' ');
      case 'dir': return words(expand(argText)).map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './')).join(' ');
      case 'basename': return words(expand(argText)).map((w) => w.replace(/\.[^./]*$/, '')).join(' ');
      case 'firstword': return words(expand(argText))[0] ?? '';
      case 'lastword': return words(expand(argText)).pop() ?? '';
      case 'words': return String(words(expand(argText)).length);
      case 'word': { const [n, t] = args(); return words(t)[Number(n) - 1] ?? ''; }
      case 'sort': return [...new Set(words(expand(argText)))].sort().join(' ');
      case 'realpath': case 'abspath': return words(expand(argText)).map(normalize).join(' ');
      case 'foreach': {
        const [v, list, body] = splitArgs(argText);
        const name = expand(v ?? '').trim();
        const saved = vars.get(name);
        const out = words(expand(list ?? '')).map((w) => { set(name, w); return expand(body ?? ''); });
        if (saved) vars.set(name, saved); else vars.delete(name);
        return out.join(' ');
      }
      case 'wildcard': return words(expand(argText)).filter((w) => { const v = toVirtual(normalize(w)); return v !== null && options.exists(v); }).join(' ');
      case 'info': case 'warning': return '';
      case 'error': note(`error:${where.file}:${where.line}`, `the build stops here with \`$(error ${expand(argText).trim()})\`; evaluation goes on`); return '';
      case 'shell': note(`shell:${where.file}:${where.line}`, '`$(shell …)` is not run; left empty'); return '';
      case 'origin': return vars.has(expand(argText).trim()) ? 'file' : 'undefined';
      case 'value': return vars.get(expand(argText).trim())?.value ?? '';
      default: return '';
    }
  }

  /** `$(call NAME,args…)`: Unikraft's library registration, or a user-defined function. */
  function call(parts: string[]): string {
    const [rawName, ...args] = parts;
    const name = (rawName ?? '').trim();
    const arg = (i: number): string => (args[i] ?? '').trim();
    switch (name) {
      case 'addlib': case 'addlib_tree': addLib(arg(0)); return '';
      case 'addlib_s': case 'addlib_tree_s': if (all || arg(1) === 'y') addLib(arg(0)); return '';
      case 'addplatlib': addPlatLib(arg(0), arg(1)); return '';
      case 'addplatlib_s': if (all || arg(2) === 'y') addPlatLib(arg(0), arg(1)); return '';
      case 'import_lib': importLib(arg(0)); return '';
      case 'verbose_include': include(arg(0), true); return '';
      case 'uc': return arg(0).toUpperCase();
      case 'lc': return arg(0).toLowerCase();
      default: break;
    }
    if (QUIET_CALLS.has(name)) return '';
    const fn = vars.get(name);
    if (!fn) {
      note(`call:${name}`, `\`$(call ${name},…)\` is not a function this importer knows; it expands to nothing`);
      return '';
    }
    if (calls >= MAX_NESTING) {
      note(`deep-call:${name}`, `\`$(call ${name},…)\` nests deeper than ${MAX_NESTING}; expanded as empty there`);
      return '';
    }
    const saved = args.map((_, i) => vars.get(String(i + 1)));
    args.forEach((a, i) => set(String(i + 1), a));
    calls++;
    try {
      return expand(fn.value);
    } finally {
      calls--;
      args.forEach((_, i) => { const s = saved[i]; if (s) vars.set(String(i + 1), s); else vars.delete(String(i + 1)); });
    }
  }

  function addLib(name: string): void {
    if (name === '' || libraries.some((l) => l.name === name && l.plat === undefined)) return;
    const base = get('IMPORT_BASE');
    const u = name.toUpperCase();
    set(`${u}_BASE`, base);
    set(`${u}_BUILD`, `@build/${name}`);
    libraries.push({ name, base: toVirtual(base) ?? base, sources: [], missing: [], file: where.file, line: where.line });
  }

  function addPlatLib(platName: string, name: string): void {
    const base = get('IMPORT_BASE');
    const u = name.toUpperCase();
    set(`${u}_BASE`, base);
    set(`${u}_BUILD`, `@build/${name}`);
    if (!all && platName !== target.plat) return;
    if (libraries.some((l) => l.name === name)) return;
    libraries.push({ name, base: toVirtual(base) ?? base, plat: platName, sources: [], missing: [], file: where.file, line: where.line });
  }

  function collectSources(lib: UkLibrary): void {
    const u = lib.name.toUpperCase();
    const seen = new Set<string>();
    const names = all ? [...vars.keys()].filter((k) => k === `${u}_SRCS` || k.startsWith(`${u}_SRCS-`)) : [`${u}_SRCS`, `${u}_SRCS-y`];
    for (const v of names) {
      for (const w of words(get(v))) {
        const path = w.replace(/\|[^/]*$/, '');
        if (!path.endsWith('.c')) continue;
        const file = toVirtual(normalize(path));
        if (file === null || !options.exists(file)) {
          lib.missing.push(path.replace(/^@uk\//, '').replace(/^@/, ''));
          continue;
        }
        if (!seen.has(file)) {
          seen.add(file);
          lib.sources.push(file);
        }
      }
    }
  }

  function isFunction(name: string): boolean {
    return /^(call|eval|if|or|and|strip|subst|patsubst|filter|filter-out|findstring|addprefix|addsuffix|notdir|dir|basename|firstword|lastword|words|word|sort|realpath|abspath|foreach|wildcard|info|warning|error|shell|origin|value|flavor|join|suffix|file|guile)$/.test(name);
  }
}

/** `@uk/lib/x` → `lib/x`, `@lib-musl/x` → `lib-musl/x`; null for a path outside every root. */
function toVirtual(path: string): string | null {
  if (path === '@uk') return '';
  if (path.startsWith('@uk/')) return path.slice(4);
  if (path.startsWith('@build')) return null;
  if (path.startsWith('@')) return path.slice(1);
  return null;
}

/** Resolves `.` and `..` and doubled slashes. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(part);
  }
  return (path.startsWith('/') ? '/' : '') + out.join('/');
}

/** Finds the first assignment operator or rule colon outside `$(…)`. */
function findOperator(text: string): { op: string; at: number } | null {
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      d++;
      i++;
      continue;
    }
    if ((c === ')' || c === '}') && d > 0) {
      d--;
      continue;
    }
    if (d > 0) continue;
    for (const op of [':::=', '::=', ':=', '+=', '?=', '!=']) if (text.startsWith(op, i)) return { op, at: i };
    if (c === '=') return { op: '=', at: i };
    if (c === ':') return { op: ':', at: i };
  }
  return null;
}

function matching(text: string, open: number): number {
  const o = text[open]!;
  const c = o === '(' ? ')' : '}';
  let d = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) d++;
    else if (text[i] === c && --d === 0) return i;
  }
  return -1;
}

function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let d = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '{') d++;
    else if (c === ')' || c === '}') d--;
    else if (c === ',' && d === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) if (line[i] === '#' && line[i - 1] !== '\\') return line.slice(0, i);
  return line;
}

function words(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter((w) => w !== '');
}

function matches(pattern: string, word: string): boolean {
  const p = pattern.indexOf('%');
  if (p < 0) return pattern === word;
  return word.startsWith(pattern.slice(0, p)) && word.endsWith(pattern.slice(p + 1)) && word.length >= pattern.length - 1;
}

function patsubst(pattern: string, replacement: string, word: string): string {
  const p = pattern.indexOf('%');
  if (p < 0) return word === pattern ? replacement : word;
  const pre = pattern.slice(0, p);
  const post = pattern.slice(p + 1);
  if (!word.startsWith(pre) || !word.endsWith(post) || word.length < pre.length + post.length) return word;
  return replacement.replace('%', word.slice(pre.length, word.length - post.length));
}
