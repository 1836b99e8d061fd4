/**
 * The arrows of the layout: `traces/` needs only the compiler (reading a real log never loads the
 * emulated machine), and `compiler/` imports none of the folders built on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => posix.join(folder, f.split('\\').join('/')));
}

/** Top-level folders a source file imports from (relative specifiers, static or dynamic). */
function importedFolders(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const folders = new Set<string>();
  for (const m of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
    folders.add(posix.normalize(posix.join(posix.dirname(file), m[1]!)).split('/')[0]!);
  }
  return folders;
}

describe('layout arrows', () => {
  it.each([
    ['traces', ['traces', 'compiler']],
    ['compiler', ['compiler']],
  ])('%s imports only from %j', (folder, allowed) => {
    const files = sources(folder);
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((f) => [...importedFolders(f)].filter((d) => !allowed.includes(d)).map((d) => `${f} → ${d}/`));
    expect(offending).toEqual([]);
  });
});
