/**
 * cpio "newc" archives (magic 070701, and 070702 with a checksum), the format Linux initramfs
 * and Unikraft's ukcpio read. No maintained package exists, so this is ours. The reader trusts
 * nothing: every field is checked before it is used, sizes are checked against the bytes that
 * are really there (a 4 GiB size field costs nothing), and any damage is a CpioError that says
 * where.
 */

export type CpioType = 'file' | 'dir' | 'symlink' | 'other';

export interface CpioEntry {
  name: string;
  type: CpioType;
  /** Permission bits (the type bits are in `type`). */
  mode: number;
  /** File contents, or the target of a symlink as bytes. Empty for directories. */
  data: Uint8Array;
  uid: number;
  gid: number;
  mtime: number;
  ino: number;
  nlink: number;
  /** Header offset in the archive, for messages. */
  offset: number;
}

export type CpioWriteEntry = Pick<CpioEntry, 'name' | 'type'> & Partial<Omit<CpioEntry, 'name' | 'type' | 'offset'>>;

export class CpioError extends Error {
  override name = 'CpioError';
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`cpio: ${message} (at byte ${offset})`);
    this.offset = offset;
  }
}

export const TRAILER = 'TRAILER!!!';
const HEADER = 110;
const FIELDS = ['ino', 'mode', 'uid', 'gid', 'nlink', 'mtime', 'filesize', 'devmajor', 'devminor', 'rdevmajor', 'rdevminor', 'namesize', 'check'] as const;
const S_IFMT = 0o170000;
const TYPE_BITS: Record<CpioType, number> = { file: 0o100000, dir: 0o040000, symlink: 0o120000, other: 0o010000 };
/** Longest name and symlink target accepted (PATH_MAX). */
const MAX_NAME = 4096;
const align4 = (n: number) => (n + 3) & ~3;
const utf8 = new TextDecoder('utf-8');

function typeOf(mode: number): CpioType {
  switch (mode & S_IFMT) {
    case 0o100000: return 'file';
    case 0o040000: return 'dir';
    case 0o120000: return 'symlink';
    default: return 'other';
  }
}

function hexField(bytes: Uint8Array, at: number, field: string): number {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const c = bytes[at + i]!;
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) {
      const text = String.fromCharCode(...bytes.subarray(at, at + 8)).replace(/[^\x20-\x7e]/g, '?');
      throw new CpioError(`field ${field} is not 8 hex digits: "${text}"`, at);
    }
    value = value * 16 + digit;
  }
  return value;
}

/** Every entry up to `TRAILER!!!`. Throws CpioError on any damage; never allocates more than the input. */
export function readCpio(bytes: Uint8Array): CpioEntry[] {
  const entries: CpioEntry[] = [];
  let at = 0;
  for (;;) {
    if (at + HEADER > bytes.length) {
      throw new CpioError(at >= bytes.length ? `archive ends without ${TRAILER}` : `truncated header (${bytes.length - at} of ${HEADER} bytes)`, at);
    }
    const magic = String.fromCharCode(...bytes.subarray(at, at + 6));
    if (magic !== '070701' && magic !== '070702') {
      throw new CpioError(`bad magic "${magic.replace(/[^\x20-\x7e]/g, '?')}" (only newc 070701/070702 is supported)`, at);
    }
    const f: Record<(typeof FIELDS)[number], number> = Object.create(null);
    FIELDS.forEach((name, i) => (f[name] = hexField(bytes, at + 6 + i * 8, name)));
    if (f.namesize < 1 || f.namesize > MAX_NAME + 1) throw new CpioError(`name size ${f.namesize} is outside 1..${MAX_NAME + 1}`, at);
    const nameStart = at + HEADER;
    const dataStart = align4(nameStart + f.namesize);
    if (nameStart + f.namesize > bytes.length) throw new CpioError(`truncated name (needs ${f.namesize} bytes)`, at);
    if (bytes[nameStart + f.namesize - 1] !== 0) throw new CpioError('name is not NUL-terminated', at);
    const rawName = bytes.subarray(nameStart, nameStart + f.namesize - 1);
    if (rawName.includes(0)) throw new CpioError('name contains a NUL byte', at);
    const name = utf8.decode(rawName);
    if (name === TRAILER) break;
    const remaining = Math.max(0, bytes.length - dataStart);
    if (f.filesize > remaining) {
      throw new CpioError(`entry "${name}" claims ${f.filesize} bytes of data but only ${remaining} remain`, at);
    }
    const type = typeOf(f.mode);
    if (type === 'symlink' && (f.filesize === 0 || f.filesize > MAX_NAME)) {
      throw new CpioError(`symlink "${name}" has a target of ${f.filesize} bytes`, at);
    }
    const data = bytes.slice(dataStart, dataStart + f.filesize);
    // GNU cpio (and the kernel) checksum regular files only; links and directories carry 0.
    if (magic === '070702' && type === 'file') {
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum = (sum + data[i]!) >>> 0;
      if (sum !== f.check) throw new CpioError(`checksum of "${name}" is ${sum}, header says ${f.check}`, at);
    }
    entries.push({ name, type, mode: f.mode & 0o7777, data, uid: f.uid, gid: f.gid, mtime: f.mtime, ino: f.ino, nlink: f.nlink, offset: at });
    at = align4(dataStart + f.filesize);
  }
  return entries;
}

const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
const encoder = new TextEncoder();

/** A newc archive of `entries` plus the trailer. Deterministic: missing fields default to 0. */
export function writeCpio(entries: readonly CpioWriteEntry[], options: { checksum?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (b: Uint8Array) => {
    parts.push(b);
    size += b.length;
  };
  const all: CpioWriteEntry[] = [...entries, { name: TRAILER, type: 'other', mode: 0, nlink: 1 }];
  all.forEach((e, i) => {
    const name = encoder.encode(e.name);
    if (name.length === 0 || name.includes(0)) throw new Error(`cpio: entry ${i} has an empty name or one with a NUL byte`);
    const data = e.data ?? new Uint8Array(0);
    const trailer = i === all.length - 1;
    const mode = trailer ? 0 : TYPE_BITS[e.type] | ((e.mode ?? (e.type === 'dir' ? 0o755 : 0o644)) & 0o7777);
    let check = 0;
    if (options.checksum && e.type === 'file') for (let j = 0; j < data.length; j++) check = (check + data[j]!) >>> 0;
    const values = [e.ino ?? (trailer ? 0 : i + 1), mode, e.uid ?? 0, e.gid ?? 0, e.nlink ?? (e.type === 'dir' ? 2 : 1), e.mtime ?? 0, data.length, 0, 0, 0, 0, name.length + 1, check];
    const header = (options.checksum ? '070702' : '070701') + values.map(hex8).join('');
    const head = new Uint8Array(align4(HEADER + name.length + 1));
    head.set(encoder.encode(header), 0);
    head.set(name, HEADER);
    push(head);
    if (data.length > 0) {
      push(data);
      const pad = align4(data.length) - data.length;
      if (pad > 0) push(new Uint8Array(pad));
    }
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
