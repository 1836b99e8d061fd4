import type { Diagnostic, Entry } from '../../types.js';
import type { CheckContext, Rule } from '../rule.js';
import { UNIKRAFT_EXAMPLE } from './examples.js';

/**
 * Term functions registered twice: two entries of one library with the same term, or a term that
 * is also an init function of the library. Term-only entries are named by their term, so their
 * duplicates already show as `#2` ids.
 */
function termDuplicates(ctx: CheckContext, code: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const firstTerm = new Map<string, Entry>();
  const inits = initLookup(ctx);
  for (const e of ctx.notable.term) {
    if (!e.term) continue;
    const id = `${e.lib}.${e.term.fn}`;
    const first = firstTerm.get(id);
    if (!first) firstTerm.set(id, e);
    else if (!(first.fn === null && e.fn === null)) {
      out.push({
        code, severity: 'error',
        message: `term function ${id} is registered twice (by ${first.id} and ${e.id}): it would run twice at teardown`,
        source: e.term.source,
        related: [{ message: `first registered as the term of ${first.id}`, source: first.term!.source }],
        hint: 'keep one registration (both branches of an `#if … #elif`? import with the build\'s `.config`)',
        subjects: [e.id, first.id],
      });
      continue;
    }
    const init = inits(e.lib, e.term.fn, id);
    if (init && init !== e && e.fn !== null) {
      out.push({
        code, severity: 'error',
        message: `${id} is registered as an init function and as the term function of ${e.id}: it would run at boot and again at teardown`,
        source: e.term.source,
        related: [{ message: 'registered as an init function here', source: init.source }],
        hint: 'remove one of the two registrations',
        subjects: [e.id, init.id],
      });
    }
  }
  return out;
}

/**
 * The first init function (not `main`) registered as `lib.fn`, through the graph's ids: the entry
 * that holds the plain id `lib.fn` is the first registration of that name, unless the build
 * dropped it, it is a term-only entry or a main, or it is named `lib.fn` another way (a function
 * whose name has `#`, a library `core` renamed away from a core step's id). An id nobody holds,
 * dropped or kept, was never a registration's. Only the doubtful cases build the maps of every
 * entry (`firstInits`).
 */
function initLookup(ctx: CheckContext): (lib: string, fn: string, id: string) => Entry | undefined {
  const byId = ctx.graph.byId;
  const dropped = ctx.compiled.dropped.length > 0 ? new Set(ctx.compiled.dropped.map((d) => d.id)) : null;
  let scan: ((lib: string, fn: string, id: string) => Entry | undefined) | undefined;
  return (lib, fn, id) => {
    const node = byId.get(id);
    const holder = node?.entry;
    if (holder && holder.fn !== null && holder.kind !== 'main' && ((holder.lib === lib && holder.fn === fn) || `${holder.lib}.${holder.fn}` === id)) return holder;
    if (!node && !dropped?.has(id)) return undefined;
    return (scan ??= firstInits(ctx.compiled.entries))(lib, fn, id);
  };
}

/**
 * The first init function (not `main`) registered as `lib.fn`, by library and function name. The
 * id `lib.fn` is what names it; when no library name has a dot, the id splits at its first dot
 * and the lookup goes by library, then function, with no id built per entry (100,000 of them).
 */
function firstInits(entries: readonly Entry[]): (lib: string, fn: string, id: string) => Entry | undefined {
  if (anyDottedLibrary(entries)) {
    const byId = new Map<string, Entry>();
    for (const e of entries) if (e.fn !== null && e.kind !== 'main' && !byId.has(`${e.lib}.${e.fn}`)) byId.set(`${e.lib}.${e.fn}`, e);
    return (_lib, _fn, id) => byId.get(id);
  }
  const byLib = new Map<string, Map<string, Entry>>();
  let lib: string | undefined;
  let fns: Map<string, Entry> | undefined;
  for (const e of entries) {
    if (e.fn === null || e.kind === 'main') continue;
    if (e.lib !== lib || !fns) {
      lib = e.lib;
      fns = byLib.get(lib);
      if (!fns) byLib.set(lib, (fns = new Map()));
    }
    if (!fns.has(e.fn)) fns.set(e.fn, e);
  }
  return (lib, fn) => byLib.get(lib)?.get(fn);
}

/** Whether some library name has a dot. A library's entries come in runs: each run's name is read once. */
function anyDottedLibrary(entries: readonly Entry[]): boolean {
  let lib: string | undefined;
  for (const e of entries) {
    if (e.lib === lib) continue;
    lib = e.lib;
    if (lib.includes('.')) return true;
  }
  return false;
}

export const duplicateRegistration: Rule = {
  code: 'duplicate-registration',
  severity: 'error',
  title: 'one function is registered twice, or an image has two mains',
  doc: `The same library registers the same function twice (in one table or two), so it runs
twice at boot — usually a copy-paste of a registration macro or a library listed in two catalogs.
Term functions count too: two entries with the same term function run it twice at teardown, and a
function registered both as an init function and as another entry's term runs at boot and again at
teardown. That is what an import gets when both branches of an \`#if … #elif\` register (vfscore's
automount under two configurations, each with \`vfscore_autoumount\` as its term). An image also
has exactly one \`main\`.

Fix: remove one of the registrations (for an import: give it the build's \`.config\`).`,
  example: {
    failing: `${UNIKRAFT_EXAMPLE}libraries:
  ukrandom:
    initcalls:
      - { fn: uk_random_init, level: early, prio: 9 }
      - { fn: uk_random_init, level: lib, prio: 9 }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount }
      - { fn: vfscore_automount_fstab, level: rootfs, prio: 4, term: vfscore_autoumount }
`,
    fixed: `${UNIKRAFT_EXAMPLE}libraries:
  ukrandom:
    initcalls:
      - { fn: uk_random_init, level: early, prio: 9 }
  vfscore:
    initcalls:
      - { fn: vfscore_automount, level: rootfs, prio: 4, term: vfscore_autoumount }
`,
  },
  check(ctx) {
    const out: Diagnostic[] = termDuplicates(ctx, this.code);
    const mains = ctx.notable.mains;
    if (mains.length <= 1 && !ctx.notable.numbered) return out;
    for (const e of ctx.compiled.entries) {
      const m = /^(.*)#\d+$/.exec(e.id);
      // Steps of a thread or process are numbered, not registered: two alike are two steps.
      if (!m || e.luna) continue;
      // The first registration keeps the plain id (unless the build drops it).
      const original = ctx.graph.byId.get(m[1]!)?.entry;
      out.push({
        code: this.code,
        severity: 'error',
        message: `${m[1]} is registered more than once: it would run twice`,
        source: e.source,
        ...(original ? { related: [{ message: 'first registered here', source: original.source }] } : {}),
        hint: 'remove one registration',
        subjects: [e.id],
      });
    }
    for (const extra of mains.slice(1)) {
      out.push({
        code: this.code,
        severity: 'error',
        message: `${extra.lib} declares a second main (the first is ${mains[0]!.id}); an image has one`,
        source: extra.source,
        related: [{ message: 'the first main', source: mains[0]!.source }],
        hint: 'keep main in one library',
        subjects: [extra.id],
      });
    }
    return out;
  },
};
