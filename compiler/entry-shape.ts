/**
 * The shape of a plain entry, checked by hand: `{ fn, level, prio, uses, provides, ... }` with
 * scalar fields and lists of names, as almost every entry of a large plan is written. An entry
 * this module calls plain is one the plan schema accepts (`$defs/entry`), so the generated
 * validator need not walk it; anything else (effects, evidence, a term object, a wrong type, an
 * unknown key) is left to the validator, which then reports it exactly as before.
 *
 * The patterns are the schema's own (a test compares them); lengths are compared in UTF-16 code
 * units, which never undercount the characters the schema's `maxLength` counts.
 */
const SYMBOL = /^[A-Za-z_][A-Za-z0-9_.$]*$/u;
const CAPABILITY = /^[A-Za-z0-9_][A-Za-z0-9_.@+-]*(:[^\s]*)?$/u;
const ENTRY_REF = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*\.[A-Za-z_][A-Za-z0-9_.$#]*$/u;
const DURATION = /^\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s)\s*$/u;
const SIZE = /^\s*\d+(\.\d+)?\s*(B|Ki|Mi|Gi|K|M|G)?\s*$/u;

/** The schema's patterns and limits, for the test that holds them to schemas/plan.schema.json. */
export const ENTRY_PATTERNS = { symbol: SYMBOL, capability: CAPABILITY, entryRef: ENTRY_REF, duration: DURATION, size: SIZE };
export const MAX_SYMBOL = 512;
export const MAX_CAPABILITY = 512;
export const MAX_NOTE = 4096;
export const MAX_LIST = 10000;

/** The entry lists of a library and the most items the schema lets each hold. */
export const ENTRY_LISTS: ReadonlyArray<readonly [key: string, maxItems: number]> = [
  ['ctors', 100000], ['initcalls', 1000000], ['early', 100000], ['init_array', 100000],
];

const symbol = (v: unknown): boolean => typeof v === 'string' && v.length <= MAX_SYMBOL && SYMBOL.test(v);

function names(v: unknown, pattern: RegExp, maxLength: number): boolean {
  if (!Array.isArray(v) || v.length > MAX_LIST) return false;
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (typeof item !== 'string' || item.length > maxLength || !pattern.test(item)) return false;
  }
  return true;
}

const wholeAtLeastZero = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

/** Whether the schema surely accepts `value` as an entry, by the fields plain entries have. */
export function isPlainEntry(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  let named = false;
  for (const key in entry) {
    const v = entry[key];
    switch (key) {
      case 'fn':
        if (!symbol(v)) return false;
        named = true;
        break;
      case 'term':
        if (!symbol(v)) return false;
        named = true;
        break;
      case 'level':
        if (typeof v !== 'string' && !Number.isInteger(v)) return false;
        break;
      case 'prio':
        if (typeof v !== 'string' && !Number.isInteger(v)) return false;
        break;
      case 'uses':
      case 'provides':
        if (!names(v, CAPABILITY, MAX_CAPABILITY)) return false;
        break;
      case 'after':
      case 'before':
        if (!names(v, ENTRY_REF, Infinity)) return false;
        break;
      case 'cost':
        if (!(typeof v === 'string' ? DURATION.test(v) : wholeAtLeastZero(v))) return false;
        break;
      case 'alloc':
        if (!(typeof v === 'string' ? SIZE.test(v) : wholeAtLeastZero(v))) return false;
        break;
      case 'returns':
        if (!Number.isInteger(v)) return false;
        break;
      case 'ordinal':
        if (!wholeAtLeastZero(v)) return false;
        break;
      case 'note':
        if (typeof v !== 'string' || v.length > MAX_NOTE) return false;
        break;
      case 'pinned':
        if (typeof v !== 'boolean') return false;
        break;
      case 'effects':
        if (!Array.isArray(v) || v.length > 0) return false;
        break;
      default:
        return false;
    }
  }
  return named;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const NO_ENTRIES: readonly unknown[] = Object.freeze([]);

/**
 * A copy of `object`, whose own keys may be thousands (a plan's libraries), to write them all again.
 * Not `{ ...object }`: V8 copies an object of some hundreds of keys into one with that many fast
 * properties, and each write to one of them then cost microseconds (4 ms for 800 libraries, the
 * 10k plan); a null-prototype object keeps its keys in a hash table. Keys keep their order, and
 * none is a setter (`__proto__` becomes a key like any other, as in the spread).
 */
function copyOfMany(object: Obj): Obj {
  return Object.assign(Object.create(null) as Obj, object);
}

/**
 * The document with every entry list whose entries are all plain emptied (a shallow copy of the
 * path to it; the document itself is not changed), or the document itself when no list is. The
 * schema reports the same errors for both, at the same paths: plain entries have none, and the
 * rest of the document is as it was.
 */
export function withoutPlainEntries(data: unknown): unknown {
  if (!isObj(data) || !isObj(data.libraries)) return data;
  const libraries = data.libraries;
  let copied: Obj | null = null;
  for (const name in libraries) {
    const lib = libraries[name];
    if (!isObj(lib)) continue;
    let copy: Obj | null = null;
    // Indexed, without destructuring, as this runs once per library (each makes an iterator).
    for (let l = 0; l < ENTRY_LISTS.length; l++) {
      const key = ENTRY_LISTS[l]![0];
      const maxItems = ENTRY_LISTS[l]![1];
      const list = lib[key];
      if (!Array.isArray(list) || list.length === 0 || list.length > maxItems) continue;
      let plain = true;
      for (let i = 0; i < list.length && plain; i++) plain = isPlainEntry(list[i]);
      if (!plain) continue;
      copy ??= { ...lib };
      copy[key] = NO_ENTRIES;
    }
    if (copy) (copied ??= copyOfMany(libraries))[name] = copy;
  }
  return copied ? { ...data, libraries: copied } : data;
}
