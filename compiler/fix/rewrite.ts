/**
 * Writes the solver's changes back into the plan's YAML text without disturbing anything else:
 * the `yaml` document API finds each value's exact range, and only those characters change
 * (a missing `prio:` is added after the entry's last key, in the entry's own style). Comments,
 * quoting, flow or block style and line breaks stay as the user wrote them.
 */
import { isAlias, isMap, isScalar, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { keySplice } from './key-splice.js';

export interface ValueEdit {
  /** YAML path of the entry (a map). */
  path: ReadonlyArray<string | number>;
  key: 'level' | 'prio';
  value: string | number;
}

const map0 = (node: Node) => node as YAMLMap;

function scalarText(value: string | number): string {
  return typeof value === 'number' ? String(value) : /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? value : JSON.stringify(value);
}

/** The text with every edit applied, or an error string when the text does not have the node an edit names. */
export function applyEdits(text: string, edits: ValueEdit[]): string | { error: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false, uniqueKeys: false });
  const splices: Array<{ at: number; end: number; text: string }> = [];
  for (const edit of edits) {
    const entry = doc.getIn(edit.path as Array<string | number>, true) as Node | undefined;
    if (!entry || !isMap(entry) || !entry.range) return { error: `no entry at ${edit.path.join('.')}` };
    // Values reached through an alias live elsewhere in the text; changing them there would change every use.
    if (map0(entry).items.some((p) => (isScalar(p.key) && (p.key.value === '<<' || p.key.value === edit.key) && isAlias(p.value)) || (isScalar(p.key) && p.key.value === '<<'))) return { error: `the ${edit.key} of the entry at ${edit.path.join('.')} comes from an alias` };
    const map = entry as YAMLMap;
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === edit.key) as Pair<Node, Node> | undefined;
    if (pair && pair.value && isScalar(pair.value) && pair.value.range) {
      const [start, end] = pair.value.range;
      splices.push({ at: start, end, text: scalarText(edit.value) });
      continue;
    }
    const added = keySplice(map, lines, text, edit.key, scalarText(edit.value));
    if (!added) return { error: `the entry at ${edit.path.join('.')} is empty` };
    splices.push(added);
  }
  splices.sort((a, b) => b.at - a.at || b.end - a.end);
  let out = text;
  for (const s of splices) out = out.slice(0, s.at) + s.text + out.slice(s.end);
  return out;
}
