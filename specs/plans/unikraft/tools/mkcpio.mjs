#!/usr/bin/env node
/**
 * Writes a folder as a cpio "newc" archive (the only format Unikraft's ukcpio reads, magic
 * 070701), deterministically: entries in sorted path order, inode numbers from 1, mtime 0,
 * uid/gid 0, so the archive committed next to the plans can be checked byte for byte against
 * the folder it came from.
 *
 *   node specs/plans/unikraft/tools/mkcpio.mjs specs/plans/unikraft/rootfs specs/plans/unikraft/nginx-rootfs.cpio
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

/** Every directory and regular file under `root`, as archive paths without a leading slash. */
export function listTree(root) {
  const out = [];
  const walk = (rel) => {
    const names = readdirSync(join(root, rel)).sort();
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      const st = statSync(join(root, path));
      if (st.isDirectory()) {
        out.push({ path, dir: true });
        walk(path);
      } else if (st.isFile()) {
        out.push({ path, dir: false, data: readFileSync(join(root, path)) });
      }
    }
  };
  walk('');
  return out;
}

function header(fields) {
  return '070701' + fields.map((n) => n.toString(16).padStart(8, '0')).join('');
}

const pad4 = (n) => (4 - (n % 4)) % 4;

/** The newc archive of `entries` ({ path, dir, data? }), ending with TRAILER!!!. */
export function buildCpio(entries) {
  const parts = [];
  const push = (ino, mode, nlink, data, name) => {
    const nameBytes = Buffer.from(name + '\0');
    // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
    const head = Buffer.from(header([ino, mode, 0, 0, nlink, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0]), 'ascii');
    parts.push(head, nameBytes, Buffer.alloc(pad4(head.length + nameBytes.length)));
    parts.push(data, Buffer.alloc(pad4(data.length)));
  };
  entries.forEach((e, i) => {
    if (e.dir) push(i + 1, S_IFDIR | 0o755, 2, Buffer.alloc(0), e.path);
    else push(i + 1, S_IFREG | 0o644, 1, e.data, e.path);
  });
  push(0, 0, 1, Buffer.alloc(0), 'TRAILER!!!');
  return Buffer.concat(parts);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root, out] = process.argv.slice(2);
  if (!root || !out) {
    console.error('usage: mkcpio.mjs FOLDER OUT.cpio');
    process.exit(2);
  }
  writeFileSync(out, buildCpio(listTree(root)));
}
