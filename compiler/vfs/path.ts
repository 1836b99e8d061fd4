/** Path strings inside the emulated machine: always `/`-separated, never touching the host. */

/** Longest path and longest name the VFS accepts (Linux PATH_MAX and NAME_MAX). */
export const PATH_MAX = 4096;
export const NAME_MAX = 255;

/** The non-empty components of a path, `.` and `..` kept (resolution gives them meaning). */
export function components(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

/** `/a/b` from `['a', 'b']`. */
export function joinComponents(parts: readonly string[]): string {
  return '/' + parts.join('/');
}

/** A lexically normalised absolute path (`..` above the root stays at the root). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const c of components(path)) {
    if (c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return joinComponents(out);
}

/** Parent directory and last component of a normalised path; the root has no name. */
export function splitLast(path: string): { parent: string; name: string } {
  const parts = components(normalizePath(path));
  const name = parts.pop() ?? '';
  return { parent: joinComponents(parts), name };
}
