/**
 * Adding a key to a YAML mapping as its author would have written it. Types only from `yaml`, so
 * that the checker's fixes (compiler/check/fixes.ts) can use it without loading the package.
 */
import type { LineCounter, Node, Pair, YAMLMap } from 'yaml';

/**
 * A key the map lacks, added after its last key in the map's own style: `, key: value` inside a
 * flow map; in a block map, a line of its own at the keys' indentation after the line the last
 * value ends on (so a comment there stays where it is). `valueText` is written as it is.
 * Undefined for an empty map (no style to follow).
 */
export function keySplice(map: YAMLMap, lines: LineCounter, text: string, key: string, valueText: string): { at: number; end: number; text: string } | undefined {
  const last = map.items[map.items.length - 1] as Pair<Node, Node> | undefined;
  const lastEnd = last?.value?.range?.[1] ?? last?.key?.range?.[1];
  if (!last || lastEnd === undefined) return undefined;
  if (map.flow) return { at: lastEnd, end: lastEnd, text: `, ${key}: ${valueText}` };
  const firstKey = (map.items[0]!.key as Node).range![0];
  const column = lines.linePos(firstKey).col - 1;
  // After the line the last value ends on; a block scalar's range already ends past its newline.
  const eol = text[lastEnd - 1] === '\n' ? lastEnd - 1 : text.indexOf('\n', lastEnd);
  const at = eol < 0 ? text.length : eol + 1;
  return { at, end: at, text: `${eol < 0 ? '\n' : ''}${' '.repeat(column)}${key}: ${valueText}\n` };
}
