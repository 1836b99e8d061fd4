/** The Linux-like tree and System.maps of test/fixtures/linux-src, read once for the tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSourceTree } from '../../../import/source-tree.js';

export const LINUX_SRC = fileURLToPath(new URL('../../fixtures/linux-src/', import.meta.url));
export const TREE = `${LINUX_SRC}tree`;
export const tree = readSourceTree(TREE);

export function fixtureMap(name = 'System.map'): { text: string; file: string } {
  return { text: readFileSync(`${LINUX_SRC}${name}`, 'utf8'), file: name };
}
