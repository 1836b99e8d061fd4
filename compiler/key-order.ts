/**
 * JavaScript objects list integer-like keys ("8250") before all others, whatever the document
 * said. Library order is link order, so for the rare plan with such a library name the keys are
 * read again, in document order, from a full parse of that file.
 */
import { createRequire } from 'node:module';

const INTEGER_LIKE = /^(0|[1-9]\d{0,8})$/;
const require = createRequire(import.meta.url);

export function documentKeyOrder(text: string, path: ReadonlyArray<string | number>, keys: string[]): string[] {
  if (!keys.some((k) => INTEGER_LIKE.test(k))) return keys;
  const yaml = require('yaml') as typeof import('yaml');
  const node = yaml.parseDocument(text, { uniqueKeys: false }).getIn(path, true);
  if (!yaml.isMap(node)) return keys;
  const ordered = node.items.flatMap((p) => (yaml.isScalar(p.key) ? [String(p.key.value)] : []));
  return ordered.length === keys.length && ordered.every((k) => keys.includes(k)) ? ordered : keys;
}
