/**
 * Paths of the real-machine fixtures in ../shared/fixtures (next to the project), computed in one
 * place so no test spells the relative path itself.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../shared/fixtures/', import.meta.url);

/** Absolute path of a shared fixture, e.g. `sharedFixture('linux-6.1/System.map')`. */
export function sharedFixture(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}

/** A shared fixture's text; Latin-1 so firmware bytes in serial logs never fail to decode. */
export function readSharedFixture(relative: string): string {
  return readFileSync(sharedFixture(relative), 'latin1');
}
