/**
 * The bounded walk of host folders (9p shares, rootfs folders): order, links never followed,
 * bounds on entries, bytes (counted as read) and depth, special filesystems refused; and the
 * rootfs folder packed into a cpio initrd that reads back as the folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../compiler/types.js';
import { readCpio } from '../../../runtime/vfs/cpio.js';
import { memoryHost, nodeHost, type HostFs } from '../../../runtime/vfs/host.js';
import { walkHostFolder } from '../../../runtime/vfs/host-walk.js';
import { packFolder } from '../../../runtime/vfs/pack-folder.js';

const dir = mkdtempSync(join(tmpdir(), 'bootplan-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics[0]!.code;
    throw err;
  }
  return undefined;
};

describe('walkHostFolder', () => {
  const host = memoryHost({ '/r/b/y': 'yy', '/r/a': 'A', '/r/b/x': 'x', '/r/link': { symlink: '../../etc/passwd' } });

  it('lists folders before their contents, names sorted, symlinks as links', () => {
    expect(walkHostFolder(host, { root: '/r', what: 'the test folder' }).map((n) => `${n.kind} ${n.path}`)).toEqual(['file a', 'dir b', 'symlink link', 'file b/x', 'file b/y']);
  });

  it('stops at each bound with a diagnostic located at the field that named the folder', () => {
    const source = { file: 'plan.yaml', path: ['devices', 0, 'hostdir'] };
    const at = (limits: { maxEntries: number; maxBytes: number; maxDepth: number }) => {
      try {
        walkHostFolder(host, { root: '/r', what: 'the 9p share fs0', limits, source });
      } catch (err) {
        return (err as InputError).diagnostics[0]!;
      }
      return null;
    };
    expect(at({ maxEntries: 3, maxBytes: 100, maxDepth: 8 })).toMatchObject({ code: 'host-folder-too-big', source, message: expect.stringContaining('more than 3 entries') });
    expect(at({ maxEntries: 100, maxBytes: 3, maxDepth: 8 })).toMatchObject({ code: 'host-folder-too-big', message: expect.stringContaining('more than 3 bytes (reached at b/y)') });
    expect(at({ maxEntries: 100, maxBytes: 100, maxDepth: 0 })).toMatchObject({ code: 'host-folder-too-deep' });
    expect(at({ maxEntries: 5, maxBytes: 5, maxDepth: 1 })).toBeNull();
  });

  it('counts bytes as they are read: a file whose stat says 0 but that goes on is cut at the bound', () => {
    const endless: HostFs = { ...memoryHost({ '/r/f': '' }), size: () => 0, readFile: (_p, max = 1e9) => new Uint8Array(Math.min(max, 1e9)) };
    expect(codeOf(() => walkHostFolder(endless, { root: '/r', what: 'x', limits: { maxEntries: 10, maxBytes: 1024, maxDepth: 4 } }))).toBe('host-folder-too-big');
  });

  it('refuses /proc and /sys, and a folder that holds one', () => {
    expect(codeOf(() => walkHostFolder(nodeHost, { root: '/proc', what: 'x' }))).toBe('host-folder-special');
    expect(codeOf(() => walkHostFolder(nodeHost, { root: '/sys', what: 'x' }))).toBe('host-folder-special');
    const holder: HostFs = { ...memoryHost({ '/r/proc/1/status': 'x' }), specialFilesystem: (p) => (p.endsWith('/proc') ? 'proc' : null) };
    expect(codeOf(() => walkHostFolder(holder, { root: '/r', what: 'x' }))).toBe('host-folder-special');
  });

  it('a symlink loop on the real host costs one entry each and is never followed', () => {
    const root = join(dir, 'loop');
    mkdirSync(join(root, 'sub'), { recursive: true });
    symlinkSync('..', join(root, 'sub', 'up'));
    symlinkSync('self', join(root, 'self'));
    writeFileSync(join(root, 'sub', 'f'), 'F');
    expect(walkHostFolder(nodeHost, { root, what: 'x' }).map((n) => `${n.kind} ${n.path}`)).toEqual(['symlink self', 'dir sub', 'file sub/f', 'symlink sub/up']);
  });
});

describe('packFolder', () => {
  it('packs a folder into a cpio newc archive that reads back as the folder', () => {
    const bytes = packFolder(memoryHost({ '/root/etc/hosts': '127.0.0.1 localhost\n', '/root/bin/sh': { symlink: 'busybox' }, '/root/bin/busybox': 'ELF' }), '/root');
    expect(readCpio(bytes).map((e) => `${e.type} ${e.name} ${new TextDecoder().decode(e.data)}`)).toEqual(['dir bin ', 'dir etc ', 'file bin/busybox ELF', 'symlink bin/sh busybox', 'file etc/hosts 127.0.0.1 localhost\n']);
    // Deterministic: the same folder, the same bytes.
    expect(packFolder(memoryHost({ '/root/etc/hosts': '127.0.0.1 localhost\n', '/root/bin/sh': { symlink: 'busybox' }, '/root/bin/busybox': 'ELF' }), '/root')).toEqual(bytes);
  });
});
