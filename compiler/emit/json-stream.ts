/**
 * `JSON.stringify(value, null, space)` as a sequence of chunks, byte for byte the same text, for
 * documents too large to be one string (V8 caps a string at ~512 MiB: a compiled plan of a million
 * entries is past it). The top levels are walked; a list whose items lie at the walk's depth is
 * written as a few `JSON.stringify` calls over groups of its items, and any other deeper value as
 * one call, re-indented, so the walk costs a generator step per top-level element, not per value.
 */

/** By default, objects and arrays nested less deeply than this are walked; deeper ones are stringified whole. */
const WALK_DEPTH = 2;
/**
 * Chunks are joined up to about this many characters before being handed out. Small: a chunk of
 * a mebibyte is a string in V8's large-object space, where a spent chunk stays until the next
 * full collection, however short its life. Measured on a report of 100,000 findings (66 MB):
 * peak RSS about 600 MB with chunks of 1 Mi characters, 545–580 MB with 32 Ki, 527–553 MB with
 * 8 Ki and 4 Ki; the text written is the same.
 */
const CHUNK_CHARS = 1 << 13;

type Json = unknown;

/**
 * A list written as its items mapped one by one: `jsonChunks` maps each item as it writes it, so
 * the mapped copies of a million findings never exist all at once; `JSON.stringify` sees the
 * mapped array (through `toJSON`), so both write the same text.
 */
export class MappedList<T, U> {
  constructor(readonly items: readonly T[], readonly map: (item: T, index: number) => U) {}

  toJSON(): U[] {
    return this.items.map((item, i) => this.map(item, i));
  }
}

/** What JSON.stringify drops from an object (and writes as `null` in an array). */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function* walk(value: Json, space: string, indent: string, depth: number, walkDepth: number): Generator<string> {
  if (value instanceof MappedList && depth < walkDepth) {
    yield* walkList(value, space, indent, depth, walkDepth);
    return;
  }
  const v = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON(): unknown }).toJSON()
    : value;
  if (v === null || typeof v !== 'object' || depth >= walkDepth) {
    const text = JSON.stringify(v, null, space) ?? 'null';
    yield indent === '' || !text.includes('\n') ? text : text.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = indent + space;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    if (depth + 1 >= walkDepth) {
      yield* stringifiedItems(v.length, (i) => v[i], space, indent, depth);
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i > 0 ? ',' : ''}\n${inner}`;
      const item: unknown = v[i];
      if (skipped(item)) yield 'null';
      else yield* walk(item, space, inner, depth + 1, walkDepth);
    }
    yield `\n${indent}]`;
    return;
  }
  const record = v as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => !skipped(record[k]));
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    yield `${i > 0 ? ',' : ''}\n${inner}${JSON.stringify(keys[i])}: `;
    yield* walk(record[keys[i]!], space, inner, depth + 1, walkDepth);
  }
  yield `\n${indent}}`;
}

function* walkList(list: MappedList<unknown, unknown>, space: string, indent: string, depth: number, walkDepth: number): Generator<string> {
  if (list.items.length === 0) {
    yield '[]';
    return;
  }
  const inner = indent + space;
  if (depth + 1 >= walkDepth) {
    yield* stringifiedItems(list.items.length, (i) => list.map(list.items[i], i), space, indent, depth);
    return;
  }
  yield '[';
  for (let i = 0; i < list.items.length; i++) {
    yield `${i > 0 ? ',' : ''}\n${inner}`;
    const item = list.map(list.items[i], i);
    if (skipped(item)) yield 'null';
    else yield* walk(item, space, inner, depth + 1, walkDepth);
  }
  yield `\n${indent}]`;
}

/**
 * Items stringified whole, up to this many at a time. Each group is one `JSON.stringify` of the
 * items placed as deep as they sit in the document, so that it indents them itself: stringifying
 * each item alone and re-indenting its text took longer than the rest of the writing (a report of
 * 100,000 findings: 0.74 s → 0.33 s for the whole walk).
 */
const GROUP = 32;
/**
 * Groups start with one item and double while their text is shorter than this, or halve when it
 * is longer: a group's text stays out of V8's large-object space (where a spent string waits for
 * a full collection) however long the items are.
 */
const GROUP_CHARS = 1 << 15;

/**
 * A non-empty list (an array or a MappedList) whose `count` items are at the walk's depth: `[`,
 * `item(0)`, `item(1)`… as `JSON.stringify` writes them at `depth + 1`, `]`.
 */
function* stringifiedItems(count: number, item: (i: number) => unknown, space: string, indent: string, depth: number): Generator<string> {
  const inner = indent + space;
  // `[ … [items] … ]`, nested `depth` times: the items are indented as `inner`. What comes before
  // the first item and after the last is the same for every group.
  const nest = (items: unknown[]): unknown => {
    let value: unknown = items;
    for (let d = 0; d < depth; d++) value = [value];
    return value;
  };
  const probe = JSON.stringify(nest([0]), null, space);
  const head = probe.indexOf('0');
  const tail = probe.length - head - 1;
  const group: unknown[] = [];
  let size = 1;
  for (let i = 0; i < count; i += group.length) {
    group.length = 0;
    for (let j = i; j < count && j < i + size; j++) group.push(item(j));
    const text = JSON.stringify(nest(group), null, space);
    if (text.length > GROUP_CHARS) size = Math.max(1, size >> 1);
    else if (2 * text.length <= GROUP_CHARS) size = Math.min(GROUP, 2 * size);
    yield `${i > 0 ? ',' : '['}\n${inner}${text.slice(head, text.length - tail)}`;
  }
  yield `\n${indent}]`;
}

/**
 * The text of `JSON.stringify(value, null, space) + suffix` in chunks of about 8 K characters.
 * `space` is a number of spaces (as JSON.stringify takes it, 1..10; 0 gives one chunk).
 * `walkDepth`: how many levels are walked, so that the long list sits above it (a report's
 * findings are at depth 2, a SARIF log's results at 3: their items are then one string each).
 */
export function* jsonChunks(value: Json, space = 1, suffix = '\n', walkDepth = WALK_DEPTH): Generator<string> {
  const indent = ' '.repeat(Math.max(0, Math.min(10, Math.floor(space))));
  let buffer = '';
  for (const piece of indent === '' ? [JSON.stringify(value) ?? ''] : walk(value, indent, '', 0, walkDepth)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  buffer += suffix;
  yield buffer;
}
