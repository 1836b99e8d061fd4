import { fileURLToPath } from 'node:url';
import { loadCatalog, type Catalog } from '../../../import/catalog.js';
import { inferDependencies, type InferenceResult } from '../../../import/infer/index.js';
import { registeredFunctions } from '../../../import/infer/registered.js';
import type { RegisteredFunction } from '../../../import/infer/types.js';
import { readSourceTree } from '../../../import/source-tree.js';
import { scanUnikraftSource } from '../../../import/unikraft-src.js';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/infer/${name}/`, import.meta.url));
}

export function bundledCatalog(): Catalog {
  const { catalog, diagnostics } = loadCatalog('unikraft');
  if (!catalog || diagnostics.length > 0) throw new Error(`bundled catalog: ${diagnostics.map((d) => d.message).join('; ')}`);
  return catalog;
}

/** The registrations of a fixture tree, as an importer hands them to inference. */
export function registered(root: string): { files: { path: string; text: string }[]; functions: RegisteredFunction[] } {
  const tree = readSourceTree(root);
  const { registrations } = scanUnikraftSource(tree.files);
  return { files: tree.files, functions: registeredFunctions(registrations) };
}

export async function inferFixture(name: string, maxDepth?: number, catalog: Catalog = bundledCatalog()): Promise<InferenceResult> {
  const { files, functions } = registered(fixture(name));
  return inferDependencies({ profile: 'unikraft@0.17', files, functions, ...(maxDepth !== undefined ? { maxDepth } : {}) }, catalog);
}
