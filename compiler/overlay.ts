/**
 * Overlays (language 1.1): a user's plan changes entries of the plan it extends (an import) by
 * entry id, so that annotations survive a re-import. Applied to the raw entry objects before
 * `resolve` makes entries, so every later stage sees one entry; `origins` remembers which fields
 * the overlay set, so diagnostics about them point into the overlay file.
 */
import { suggest } from './suggest.js';
import type { LoadedFile } from './load.js';
import type { Diagnostic, SourceRef } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lists an overlay adds to (and `remove` takes from). */
export const OVERLAY_LISTS = ['uses', 'provides', 'after', 'before'] as const;
/** Scalars an overlay replaces. */
export const OVERLAY_SCALARS = ['cost', 'note', 'alloc', 'level', 'prio', 'returns'] as const;

export interface OverlayItem {
  /** The entry id as written: `LIB.FN`, `LIB.main`, or a term-only entry's `LIB.TERM`. */
  key: string;
  body: Obj;
  file: string;
  used: boolean;
}

/** Every overlay of every file, by entry id, in file order (the base's overlays before the plan's). */
export function collectOverlays(files: readonly LoadedFile[]): Map<string, OverlayItem[]> {
  const out = new Map<string, OverlayItem[]>();
  for (const f of files) {
    const overlay = isObj(f.data) ? f.data.overlay : undefined;
    if (!isObj(overlay)) continue;
    for (const [key, body] of Object.entries(overlay)) {
      const item: OverlayItem = { key, body: isObj(body) ? body : {}, file: f.file, used: false };
      const list = out.get(key);
      if (list) list.push(item);
      else out.set(key, [item]);
    }
  }
  return out;
}

const at = (item: OverlayItem, ...path: Array<string | number>): SourceRef => ({ file: item.file, path: ['overlay', item.key, ...path] });
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const effectKind = (e: unknown): string | undefined => (isObj(e) ? Object.keys(e)[0] : undefined);

/**
 * The raw entry with the overlays applied, in order: each overlay's `remove` first (so an item can
 * be replaced), then its additions to the lists, then its scalars. `origins` maps `uses:CAP`,
 * `provides:CAP`, `after:ID`, `before:ID`, `effects#I` and scalar names to the overlay nodes.
 */
export function applyOverlays(raw: Obj, items: readonly OverlayItem[]): { raw: Obj; origins: Record<string, SourceRef> } {
  const out: Obj = { ...raw };
  const origins: Record<string, SourceRef> = {};
  for (const item of items) {
    item.used = true;
    const body = item.body;
    if (isObj(body.remove)) {
      const remove = body.remove;
      let evidence = Array.isArray(out.evidence) ? (out.evidence as Obj[]) : [];
      for (const field of OVERLAY_LISTS) {
        const gone = new Set(strings(remove[field]));
        if (gone.size === 0) continue;
        out[field] = strings(out[field]).filter((x) => !gone.has(x));
        for (const x of gone) delete origins[`${field}:${x}`];
        // The evidence for a removed use or provide goes with it.
        if (field === 'uses' || field === 'provides') evidence = evidence.filter((e) => !(isObj(e) && typeof e[field] === 'string' && gone.has(e[field] as string)));
      }
      const goneEffects = new Set(strings(remove.effects));
      if (goneEffects.size > 0) {
        out.effects = (Array.isArray(out.effects) ? out.effects : []).filter((e) => !goneEffects.has(effectKind(e) ?? ''));
        evidence = evidence.filter((e) => !(isObj(e) && typeof e.effect === 'string' && goneEffects.has(e.effect)));
      }
      if (Array.isArray(out.evidence)) out.evidence = evidence;
    }
    for (const field of OVERLAY_LISTS) {
      const added = strings(body[field]);
      if (added.length === 0) continue;
      const list = [...strings(out[field])];
      added.forEach((x, i) => {
        if (!list.includes(x)) list.push(x);
        origins[`${field}:${x}`] = at(item, field, i);
      });
      out[field] = list;
    }
    if (Array.isArray(body.effects) && body.effects.length > 0) {
      const list = [...(Array.isArray(out.effects) ? out.effects : [])];
      body.effects.forEach((e, i) => {
        origins[`effects#${list.length}`] = at(item, 'effects', i);
        list.push(e);
      });
      out.effects = list;
    }
    if (Array.isArray(body.evidence) && body.evidence.length > 0) {
      body.evidence.forEach((_, i) => (origins[`evidence#${(Array.isArray(out.evidence) ? out.evidence.length : 0) + i}`] = at(item, 'evidence', i)));
      out.evidence = [...(Array.isArray(out.evidence) ? out.evidence : []), ...body.evidence];
    }
    for (const field of OVERLAY_SCALARS) {
      if (body[field] === undefined) continue;
      out[field] = body[field];
      origins[field] = at(item, field);
    }
  }
  return { raw: out, origins };
}

/** An error for every overlay that changed nothing: the entry it names is not in the plan. */
export function unusedOverlays(overlays: Map<string, OverlayItem[]>, ids: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const items of overlays.values()) {
    for (const item of items) {
      if (item.used) continue;
      const guess = suggest(item.key, ids);
      const lib = item.key.slice(0, item.key.indexOf('.'));
      const inLib = ids.filter((id) => id.startsWith(`${lib}.`));
      out.push({
        code: 'overlay-unknown-entry',
        severity: 'error',
        message: `the overlay names ${item.key}, which is not an entry of the plan or the plan it extends${guess ? `; did you mean "${guess}"?` : ''}`,
        source: at(item),
        hint: inLib.length > 0 ? `${lib} has: ${inLib.slice(0, 8).join(', ')}${inLib.length > 8 ? ', …' : ''}` : `no library "${lib}": the import may have renamed or dropped it; remove the overlay or fix its key`,
        subjects: [item.key],
      });
    }
  }
  return out;
}
