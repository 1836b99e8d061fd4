import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERRNO, VfsError } from '../../../runtime/vfs/errno.js';
import { memoryHost, nodeHost } from '../../../runtime/vfs/host.js';
import { snapshot9p } from '../../../runtime/vfs/ninep.js';
import { createRamfs } from '../../../runtime/vfs/node.js';
import { Vfs } from '../../../runtime/vfs/vfs.js';

const work = mkdtempSync(join(tmpdir(), 'bootplan-9p-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('9pfs snapshot', () => {
  it('copies a host folder, keeps symlinks as links, and never writes to the host', () => {
    const share = join(work, 'share');
    mkdirSync(join(share, 'etc'), { recursive: true });
    writeFileSync(join(share, 'etc', 'motd'), 'hi');
    writeFileSync(join(work, 'secret'), 'host only');
    symlinkSync(join(work, 'secret'), join(share, 'leak'));
    const before = statSync(share).mtimeMs;

    const vfs = new Vfs();
    vfs.mount('/', snapshot9p(nodeHost, share, 'fs0'));
    expect(vfs.readdir('/')).toEqual(['etc', 'leak']);
    expect(new TextDecoder().decode(vfs.readFile('/etc/motd'))).toBe('hi');
    // The link's target is a guest path: it does not exist in the guest, so nothing leaks.
    expect(() => vfs.readFile('/leak')).toThrow(VfsError);
    let errno = 0;
    try {
      vfs.writeFile('/etc/new', new Uint8Array(1));
    } catch (err) {
      errno = (err as VfsError).errno;
    }
    expect(errno).toBe(ERRNO.EROFS);
    expect(readdirSync(join(share, 'etc'))).toEqual(['motd']);
    expect(statSync(share).mtimeMs).toBe(before);
  });

  it('says clearly when the host folder is missing or not a folder', () => {
    expect(() => snapshot9p(memoryHost({}), '/nope', 'fs0')).toThrow(/host folder \/nope of 9p device fs0 does not exist/);
    expect(() => snapshot9p(memoryHost({ '/f': 'x' }), '/f', 'fs0')).toThrow(/is not a folder/);
  });

  it('stops at its size limits instead of reading a huge share', () => {
    const host = memoryHost({ '/s/a': 'x', '/s/b': 'y', '/s/c': 'z' });
    expect(() => snapshot9p(host, '/s', 'fs0', { maxEntries: 2, maxBytes: 100, maxDepth: 8 })).toThrow(/more than 2 entries/);
    expect(() => snapshot9p(host, '/s', 'fs0', { maxEntries: 10, maxBytes: 2, maxDepth: 8 })).toThrow(/more than 2 bytes/);
  });

  it('can be mounted beneath a ramfs', () => {
    const vfs = new Vfs();
    vfs.mount('/', createRamfs());
    vfs.mkdir('/data');
    vfs.mount('/data', snapshot9p(memoryHost({ '/s/x': 'X' }), '/s', 'fs1'));
    expect(new TextDecoder().decode(vfs.readFile('/data/x'))).toBe('X');
  });
});
