/**
 * Writes an imported plan as YAML with the `yaml` package (the one that keeps comments): the
 * importer's header on top, a comment above each library that needs one, one entry per line in
 * flow style (`- { fn: x, level: rootfs, prio: 4 }`) as people write plans by hand.
 */
import { Document, isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { ImportedPlan } from './plan-object.js';

const ENTRY_LISTS = ['early', 'ctors', 'initcalls', 'init_array'];

/** The plan as YAML text. Deterministic: the same import gives the same bytes. */
export function writePlan(imported: ImportedPlan): string {
  // Shared arrays (one `via` chain behind two evidence items) are written out, never as YAML aliases.
  const doc = new Document(imported.plan, { aliasDuplicateObjects: false });
  if (imported.header.length > 0) doc.commentBefore = imported.header.map(commentLine).join('\n');
  for (const key of ['devices', 'mounts']) {
    const list = doc.get(key, true);
    if (isSeq(list)) for (const item of list.items) if (isMap(item)) item.flow = true;
  }
  const libraries = doc.get('libraries', true);
  if (isMap(libraries)) {
    for (const pair of libraries.items) {
      const key = pair.key as Scalar;
      const name = isScalar(key) ? String(key.value) : '';
      const comment = Object.hasOwn(imported.libraryComments, name) ? imported.libraryComments[name] : undefined;
      if (comment && comment.length > 0) key.commentBefore = comment.map(commentLine).join('\n');
      if (!isMap(pair.value)) continue;
      for (const listPair of (pair.value as YAMLMap).items) {
        const listKey = listPair.key as Scalar;
        if (!ENTRY_LISTS.includes(String(listKey.value)) || !isSeq(listPair.value)) continue;
        for (const item of listPair.value.items) if (isMap(item)) item.flow = true;
      }
      const main = (pair.value as YAMLMap).get('main', true);
      if (isMap(main)) main.flow = true;
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function commentLine(line: string): string {
  return line === '' ? '' : ` ${line.replace(/\n/g, ' ')}`;
}
