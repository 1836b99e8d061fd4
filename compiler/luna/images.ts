/**
 * The filesystem images of a thread-model plan: the ramdisk and the disk partitions, from a host
 * folder (`contents:`, read once, read-only, bounded) and/or inline `files:`. Owners and modes the
 * host folder cannot carry come from `owners:`. Also the users and groups `/etc/passwd` and
 * `/etc/group` of the root partition define.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { CpioError, readCpio } from '../cpio.js';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { nodeHost } from '../host.js';
import { DEFAULT_WALK_LIMITS, walkHostFolder } from '../host-walk.js';
import { InputError, type Diagnostic, type SourceRef } from '../types.js';
import type { FsImage, FsImageNode, LunaGroup, LunaUser } from './model.js';
import { normalizePath } from './fs.js';

/** Bounds on a contents folder: a plan pointing at `/` or `/proc` gets a diagnostic, not a hang. */
export const MAX_IMAGE_NODES = 20_000;
export const MAX_IMAGE_DEPTH = 32;
/** Files up to this size keep their text in the model (service files, passwd, scripts). */
export const MAX_TEXT = 64 * 1024;
/** Largest image archive read (as the machine's initrd bound). */
export const MAX_ARCHIVE = 512 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface PendingOwner { node: FsImageNode; user: string; group: string; source: SourceRef }

export interface ImageSpec {
  name: string;
  fs: string;
  device: string | null;
  data: Obj;
  source: SourceRef;
}

function parseMode(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0o7777) return v;
  if (typeof v === 'string' && /^0?[0-7]{3,4}$/.test(v)) return parseInt(v, 8);
  return null;
}

/**
 * A host folder's files and directories, through the one bounded walk the machine uses for its
 * shares (special filesystems refused, links never followed, entries and bytes bounded).
 */
function readFolder(root: string, image: FsImageNode[], problems: string[], source: SourceRef, what: string): Diagnostic[] {
  let walked;
  try {
    walked = walkHostFolder(nodeHost, { root, what, source: { ...source, path: [...source.path, 'contents'] }, limits: { ...DEFAULT_WALK_LIMITS, maxEntries: MAX_IMAGE_NODES, maxDepth: MAX_IMAGE_DEPTH } });
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    problems.push(`cannot read ${root}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return [];
  }
  const text = new TextDecoder();
  for (const n of walked) {
    const path = `/${n.path}`;
    if (n.kind === 'dir') image.push({ path, kind: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 });
    else if (n.kind === 'file') {
      // What the folder says of its mode, kept to who may run it: the owner is the plan's (`owners:`).
      const node: FsImageNode = { path, kind: 'file', mode: (n.mode ?? 0o644) & 0o111 ? 0o755 : 0o644, uid: 0, gid: 0, size: n.data.length };
      if (n.data.length <= MAX_TEXT) node.text = text.decode(n.data);
      image.push(node);
    }
    // Symbolic links are left out: an image holds files and directories.
  }
  return [];
}

/** A cpio (newc) archive's files and directories; names that climb out of the image are refused. */
function readArchive(file: string, image: FsImageNode[], problems: string[]): void {
  const size = lstatSync(file).size;
  if (size > MAX_ARCHIVE) {
    problems.push(`${file} is larger than ${MAX_ARCHIVE} bytes`);
    return;
  }
  let entries;
  try {
    entries = readCpio(new Uint8Array(readFileSync(file)));
  } catch (e) {
    problems.push(e instanceof CpioError ? e.message : `cannot read ${file}`);
    return;
  }
  const text = new TextDecoder();
  for (const e of entries) {
    if (image.length >= MAX_IMAGE_NODES) {
      problems.push(`more than ${MAX_IMAGE_NODES} files and directories`);
      return;
    }
    const parts = e.name.split('/').filter((x) => x !== '' && x !== '.');
    if (parts.includes('..')) {
      problems.push(`entry "${e.name}" climbs out of the image root; it is left out`);
      continue;
    }
    const path = normalizePath(parts.join('/'));
    if (e.type === 'dir') image.push({ path, kind: 'dir', mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, size: 0 });
    else if (e.type === 'file' && path !== '/') {
      const node: FsImageNode = { path, kind: 'file', mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, size: e.data.length };
      if (e.data.length <= MAX_TEXT) node.text = text.decode(e.data);
      image.push(node);
    }
    // Symbolic links and device nodes are left out: an image holds files and directories.
  }
}

/** Read every image; owners by name are resolved once the users are known (they live in an image). */
export function readImages(specs: ImageSpec[], planFile: string, diagnostics: Diagnostic[]): { images: FsImage[]; users: LunaUser[]; groups: LunaGroup[] } {
  const pending: PendingOwner[] = [];
  const images: FsImage[] = specs.map((spec) => {
    const nodes: FsImageNode[] = [];
    const contents = spec.data.contents;
    if (typeof contents === 'string') {
      const dir = isAbsolute(contents) ? contents : resolvePath(dirname(planFile), contents);
      let kind: 'dir' | 'file' | 'missing' | 'other' = 'missing';
      try {
        const st = lstatSync(dir);
        kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      } catch {
        kind = 'missing';
      }
      const problems: string[] = [];
      if (kind === 'dir') diagnostics.push(...readFolder(dir, nodes, problems, spec.source, `the contents of ${spec.name}`));
      else if (kind === 'file') readArchive(dir, nodes, problems);
      else {
        diagnostics.push({ code: 'image-unreadable', severity: 'error', message: `the contents of ${spec.name}, ${contents}, ${kind === 'missing' ? 'do not exist' : 'are neither a folder nor a cpio archive'}`, source: { ...spec.source, path: [...spec.source.path, 'contents'] }, hint: 'give a folder or a cpio (newc) archive, relative to the plan, that holds the filesystem\'s files' });
      }
      for (const p of problems.slice(0, 3)) diagnostics.push({ code: 'image-unreadable', severity: 'error', message: `the contents of ${spec.name}: ${p}`, source: { ...spec.source, path: [...spec.source.path, 'contents'] } });
    }
    const files = spec.data.files;
    if (isObj(files)) {
      for (const [raw, value] of Object.entries(files)) {
        const path = normalizePath(raw);
        const src = { ...spec.source, path: [...spec.source.path, 'files', raw] };
        const v: Obj = typeof value === 'string' ? { text: value } : isObj(value) ? value : {};
        const dir = v.dir === true;
        const mode = v.mode === undefined ? (dir ? 0o755 : 0o644) : parseMode(v.mode);
        if (mode === null) {
          diagnostics.push({ code: 'schema', severity: 'error', message: `mode "${String(v.mode)}" of ${path} is not an octal mode such as 0755`, source: src });
          continue;
        }
        const node: FsImageNode = { path, kind: dir ? 'dir' : 'file', mode, uid: 0, gid: 0, size: typeof v.text === 'string' ? v.text.length : 0 };
        if (typeof v.text === 'string') node.text = v.text;
        node.source = src;
        const existing = nodes.findIndex((n) => n.path === path);
        if (existing >= 0) nodes.splice(existing, 1, node);
        else nodes.push(node);
        if (typeof v.owner === 'string') {
          const [user, group] = v.owner.split(':') as [string, string | undefined];
          pending.push({ node, user, group: group ?? user, source: src });
        }
      }
    }
    const owners = spec.data.owners;
    if (isObj(owners)) {
      for (const [raw, value] of Object.entries(owners)) {
        const path = normalizePath(raw);
        const src = { ...spec.source, path: [...spec.source.path, 'owners', raw] };
        const node = nodes.find((n) => n.path === path);
        if (!node) {
          diagnostics.push({ code: 'image-unreadable', severity: 'error', message: `owners: ${spec.name} has no ${path}`, source: src, hint: 'name a file or directory of the image, from its root' });
          continue;
        }
        const v: Obj = isObj(value) ? value : {};
        if (v.mode !== undefined) {
          const mode = parseMode(v.mode);
          if (mode === null) diagnostics.push({ code: 'schema', severity: 'error', message: `mode "${String(v.mode)}" of ${path} is not an octal mode such as 0750`, source: src });
          else node.mode = mode;
        }
        if (typeof v.owner === 'string') {
          const [user, group] = v.owner.split(':') as [string, string | undefined];
          pending.push({ node, user, group: group ?? user, source: src });
        }
      }
    }
    nodes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const listing = (Array.isArray(spec.data.listing) ? spec.data.listing : []).filter(isObj).map((l) => ({ show: String(l.show), title: String(l.title) }));
    return { name: spec.name, fs: spec.fs, device: spec.device, nodes, listing, source: spec.source };
  });
  const rootImage = images.find((i) => i.device !== null && i.nodes.some((n) => n.path === '/etc/passwd')) ?? images.find((i) => i.nodes.some((n) => n.path === '/etc/passwd'));
  const users = parsePasswd(rootImage?.nodes.find((n) => n.path === '/etc/passwd')?.text ?? '');
  const groups = parseGroup(rootImage?.nodes.find((n) => n.path === '/etc/group')?.text ?? '');
  if (!users.some((u) => u.uid === 0)) users.unshift({ name: 'root', uid: 0, gid: 0, home: '/' });
  if (!groups.some((g) => g.gid === 0)) groups.unshift({ name: 'root', gid: 0, members: [] });
  for (const p of pending) {
    const u = users.find((x) => x.name === p.user);
    const g = groups.find((x) => x.name === p.group);
    if (!u || !g) {
      diagnostics.push({ code: 'unknown-user', severity: 'error', message: `owner ${p.user}:${p.group}: ${!u ? `no user "${p.user}"` : `no group "${p.group}"`} in the root partition's ${!u ? '/etc/passwd' : '/etc/group'}`, source: p.source });
      continue;
    }
    p.node.uid = u.uid;
    p.node.gid = g.gid;
  }
  return { images, users, groups };
}

/** `name:x:uid:gid:gecos:home:shell` lines. */
export function parsePasswd(text: string): LunaUser[] {
  const out: LunaUser[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 4 || line.trim().startsWith('#')) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    out.push({ name: f[0]!, uid, gid, home: f[5] ?? '/' });
  }
  return out;
}

/** `name:x:gid:member,member` lines. */
export function parseGroup(text: string): LunaGroup[] {
  const out: LunaGroup[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(':');
    if (f.length < 3 || line.trim().startsWith('#')) continue;
    const gid = Number(f[2]);
    if (!Number.isInteger(gid)) continue;
    out.push({ name: f[0]!, gid, members: (f[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean) });
  }
  return out;
}
