import { describe, expect, it } from 'vitest';
import { createDevfs, readDevice } from '../../../runtime/vfs/devfs.js';
import { ERRNO, VfsError } from '../../../runtime/vfs/errno.js';
import { createRamfs } from '../../../runtime/vfs/node.js';
import { Vfs } from '../../../runtime/vfs/vfs.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const errnoOf = (f: () => unknown): number => {
  try {
    f();
  } catch (err) {
    if (err instanceof VfsError) return err.errno;
    throw err;
  }
  return 0;
};

function rooted(): Vfs {
  const vfs = new Vfs();
  vfs.mount('/', createRamfs());
  return vfs;
}

describe('Vfs', () => {
  it('has nothing before / is mounted', () => {
    const vfs = new Vfs();
    expect(errnoOf(() => vfs.resolve('/'))).toBe(ERRNO.ENOENT);
    expect(errnoOf(() => vfs.mkdir('/dev'))).toBe(ERRNO.ENOENT);
  });

  it('creates, reads and lists files and directories', () => {
    const vfs = rooted();
    vfs.mkdir('/etc/ssl/certs', { parents: true });
    vfs.writeFile('/etc/hosts', bytes('x'));
    expect(vfs.readdir('/etc')).toEqual(['hosts', 'ssl']);
    expect(new TextDecoder().decode(vfs.readFile('/etc/./ssl/../hosts'))).toBe('x');
    expect(errnoOf(() => vfs.mkdir('/etc'))).toBe(ERRNO.EEXIST);
    expect(errnoOf(() => vfs.readFile('/etc'))).toBe(ERRNO.EISDIR);
    expect(errnoOf(() => vfs.readFile('/etc/hosts/x'))).toBe(ERRNO.ENOTDIR);
    expect(errnoOf(() => vfs.readFile('relative'))).toBe(ERRNO.EINVAL);
  });

  it('follows symlinks, relative and absolute, and `..` after a link is physical', () => {
    const vfs = rooted();
    vfs.mkdir('/usr/lib/x', { parents: true });
    vfs.writeFile('/usr/lib/x/f', bytes('deep'));
    vfs.symlink('usr/lib', '/lib');
    vfs.symlink('/usr/lib/x', '/x');
    expect(vfs.resolve('/lib/x/f').path).toBe('/usr/lib/x/f');
    expect(vfs.resolve('/x/../x/f').path).toBe('/usr/lib/x/f');
    expect(vfs.resolve('/lib', false).node.kind).toBe('symlink');
  });

  it('stops symlink loops with ELOOP', () => {
    const vfs = rooted();
    vfs.symlink('/b', '/a');
    vfs.symlink('/a', '/b');
    vfs.symlink('self/x', '/self');
    expect(errnoOf(() => vfs.resolve('/a'))).toBe(ERRNO.ELOOP);
    expect(errnoOf(() => vfs.resolve('/self/y'))).toBe(ERRNO.ELOOP);
  });

  it('mounts on existing directories only, crosses mount points, and unmounts leaves first', () => {
    const vfs = rooted();
    expect(errnoOf(() => vfs.mount('/dev', createDevfs()))).toBe(ERRNO.ENOENT);
    vfs.mkdir('/dev');
    vfs.mount('/dev', createDevfs());
    expect(vfs.readdir('/dev')).toEqual(['console', 'null', 'random', 'stdout', 'zero']);
    expect(vfs.mountOf('/dev/null')).toBe('/dev');
    expect(vfs.mountOf('/device')).toBe('/');
    expect(errnoOf(() => vfs.mount('/dev', createRamfs()))).toBe(ERRNO.EBUSY);
    expect(errnoOf(() => vfs.umount('/'))).toBe(ERRNO.EBUSY);
    vfs.umount('/dev');
    expect(vfs.readdir('/dev')).toEqual([]);
    vfs.umount('/');
    expect(vfs.mountPoints()).toEqual([]);
  });

  it('refuses writes to a read-only filesystem with EROFS', () => {
    const vfs = rooted();
    const ro = createRamfs('fs0');
    ro.readOnly = true;
    vfs.mkdir('/mnt');
    vfs.mount('/mnt', ro);
    expect(errnoOf(() => vfs.writeFile('/mnt/f', bytes('x')))).toBe(ERRNO.EROFS);
    expect(errnoOf(() => vfs.mkdir('/mnt/d'))).toBe(ERRNO.EROFS);
  });

  it('reads devices deterministically', () => {
    expect(readDevice('null', 8)).toHaveLength(0);
    expect([...readDevice('zero', 3)]).toEqual([0, 0, 0]);
    expect(readDevice('random', 16)).toEqual(readDevice('random', 16));
    expect(new Set(readDevice('random', 64)).size).toBeGreaterThan(16);
  });
});
