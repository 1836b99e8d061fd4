/**
 * The kernel command line as Unikraft's ukboot reads it: library parameters (`lib.param=value`)
 * up to the stop token `--`, then the application's arguments. Without `--` there are no
 * library parameters at all and every word goes to the application.
 */

export interface Cmdline {
  libparams: Record<string, string>;
  argv: string[];
  errors: string[];
}

/** Split on whitespace, keeping double- or single-quoted words and `[...]` arrays whole. */
export function splitWords(text: string): { words: string[]; error?: string } {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let depth = 0;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
      if (depth > 0) current += '\u0000';
      continue;
    }
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (/\s/.test(ch) && depth === 0) {
      if (started) words.push(current);
      current = '';
      started = false;
      continue;
    }
    current += ch;
    started = true;
  }
  if (quote) return { words, error: `unterminated ${quote} quote` };
  if (depth > 0) return { words, error: 'unterminated [ array' };
  if (started) words.push(current);
  return { words };
}

export function parseCmdline(text: string, programName: string): Cmdline {
  const { words, error } = splitWords(text);
  const errors = error ? [error] : [];
  const stop = words.indexOf('--');
  const libparams: Record<string, string> = Object.create(null) as Record<string, string>;
  if (stop < 0) return { libparams, argv: [programName, ...words], errors };
  for (const word of words.slice(0, stop)) {
    const eq = word.indexOf('=');
    if (eq <= 0 || !word.slice(0, eq).includes('.')) {
      errors.push(`library parameter "${word.replace(/\u0000/g, '')}" is not of the form lib.param=value`);
      continue;
    }
    libparams[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return { libparams, argv: [programName, ...words.slice(stop + 1)], errors };
}

/** The elements of an array parameter such as `vfs.fstab=["a" "b"]`. */
export function parseArrayParam(value: string): string[] {
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  // Quoted elements were marked with NUL by splitWords; plain words are split on whitespace.
  if (inner.includes('\u0000')) {
    return inner.split('\u0000').map((s) => s.trim()).filter((s) => s.length > 0);
  }
  return inner.split(/\s+/).filter((s) => s.length > 0);
}

export interface FstabEntry {
  dev: string;
  at: string;
  fs: string;
  flags: string;
  opts: string;
  ukopts: string[];
}

/** `dev:mountpoint:fsdriver[:flags[:opts[:ukopts]]]` */
export function parseFstabEntry(text: string): FstabEntry | string {
  const parts = text.split(':');
  if (parts.length < 3 || parts.length > 6) {
    return `fstab entry "${text}" is not dev:mountpoint:fsdriver[:flags[:opts[:ukopts]]]`;
  }
  const [dev, at, fs, flags = '', opts = '', ukopts = ''] = parts as [string, string, string, ...string[]];
  if (!at.startsWith('/')) return `fstab entry "${text}": mount point "${at}" is not absolute`;
  if (!fs) return `fstab entry "${text}" names no filesystem driver`;
  return { dev, at: normalizeMountPoint(at), fs, flags, opts, ukopts: ukopts.split(',').filter(Boolean) };
}

export function normalizeMountPoint(path: string): string {
  const parts = path.split('/').filter((p) => p.length > 0 && p !== '.');
  return '/' + parts.join('/');
}

export function parentDirectory(path: string): string {
  const norm = normalizeMountPoint(path);
  if (norm === '/') return '/';
  return norm.slice(0, norm.lastIndexOf('/')) || '/';
}
