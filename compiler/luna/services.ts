/**
 * Service files (`/etc/init/NN-name`, `/etc/user/...`) and shell scripts, as init and `/bin/sh`
 * read them. The service format is bootplan's own Luna-style design (there is no published
 * format to follow): `Key=Value` lines — `Name`, `Description`, `Command` (program and arguments,
 * split on spaces), `Restart` (true/false), `Wait` (init waits for it to exit before starting the
 * next), `User` (the user it runs as; the groups come from /etc/group). Init starts them in
 * file-name order, which is byte order: `10-login` sorts before `9-net`.
 */
import type { SourceRef } from '../types.js';
import type { FsImage } from './model.js';

export interface ServiceFile {
  file: string;
  name: string;
  description: string;
  command: string[];
  restart: boolean;
  wait: boolean;
  user: string | null;
  /** Problems with the file's text, each a sentence. */
  problems: string[];
  /** Where the plan writes the file, when it does (not a folder's or an archive's file). */
  source?: SourceRef;
}

/** Byte order, as init sorts directory entries (not locale order, not numeric). */
export function byteCompare(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

const KEYS = new Set(['Name', 'Description', 'Command', 'Restart', 'Wait', 'User']);

export function parseService(file: string, text: string): ServiceFile {
  const out: ServiceFile = { file, name: file.replace(/^\d+-/, ''), description: '', command: [], restart: false, wait: false, user: null, problems: [] };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      out.problems.push(`line ${i + 1} is not Key=Value`);
      return;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!KEYS.has(key)) {
      out.problems.push(`line ${i + 1}: unknown key ${key} (known: ${[...KEYS].join(', ')})`);
      return;
    }
    if (key === 'Name') out.name = value;
    else if (key === 'Description') out.description = value;
    else if (key === 'Command') out.command = value.split(/\s+/).filter(Boolean);
    else if (key === 'User') out.user = value;
    else if (value !== 'true' && value !== 'false') out.problems.push(`line ${i + 1}: ${key} must be true or false, not "${value}"`);
    else if (key === 'Restart') out.restart = value === 'true';
    else out.wait = value === 'true';
  });
  if (out.command.length === 0) out.problems.push('it has no Command=');
  return out;
}

/** The service files of `dir` in an image, in the order init starts them. */
export function servicesIn(image: FsImage | undefined, dir: string): ServiceFile[] {
  if (!image) return [];
  const prefix = dir === '/' ? '/' : `${dir}/`;
  return image.nodes
    .filter((n) => n.kind === 'file' && n.path.startsWith(prefix) && !n.path.slice(prefix.length).includes('/'))
    .map((n) => ({ ...parseService(n.path.slice(prefix.length), n.text ?? ''), ...(n.source ? { source: n.source } : {}) }))
    .sort((a, b) => byteCompare(a.file, b.file));
}

/** A script's commands: one per line, `#` comments and the `#!` line skipped, words split on spaces. */
export function scriptCommands(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(/\s+/));
}
